package rules

import (
	"strings"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "set-schema",
		Title:      "Moving an object to another schema breaks code that uses its old name",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "`ALTER … SET SCHEMA` is a rename in disguise: old code that writes `old_schema.name`, or " +
			"finds the object through its search_path, fails with `relation \"…\" does not exist` " +
			"(or `type`/`function … does not exist`) as soon as the move commits.",
		Bad: `ALTER TABLE users SET SCHEMA accounts;`,
		Good: `ALTER TABLE users SET SCHEMA accounts;` + "\n" +
			`CREATE VIEW public.users AS SELECT * FROM accounts.users; -- old code keeps working` + "\n" +
			`-- drop the view in a release after the code uses accounts.users`,
		Fix: []string{
			"Move the object and, for a table or view, create a view under the old name in the same migration (or add the new schema to the search_path of old releases).",
			"Release code that uses the new schema.",
			"Drop the compatibility view in a later release.",
		},
		Breaks: []Break{
			{Change: change.TableRenamed, Cause: []catalog.Op{catalog.OpSetSchema}, Uses: []Use{UseRelation}, Why: bcRelationWhy},
			{Change: change.ViewRenamed, Cause: []catalog.Op{catalog.OpSetSchema}, Uses: []Use{UseRelation}, Why: bcRelationWhy},
		},
		Default: true,
		Check:   checkSetSchema,
		Nodes:   []sqlast.Node{(*sqlast.Other)(nil)},
	})
}

func checkSetSchema(c *Context) {
	if c.Stmt.Kind != "AlterObjectSchemaStmt" {
		return
	}
	kind, name, newSchema, ok := bcParseSetSchema(c.Stmt.Text)
	if !ok {
		return
	}
	var obj Object
	switch kind {
	case "table", "foreign table", "view", "materialized view":
		if c.NewTable(name) || bcCompatView(c, name) {
			return
		}
		obj = c.TableObj(name)
		switch kind {
		case "view":
			obj.Type = sqlast.ObjView
		case "materialized view":
			obj.Type = sqlast.ObjMatView
		}
		if obj.Type != sqlast.ObjTable {
			obj.Name = name.Name
		}
	case "type", "domain":
		if e := c.Enum(name); e != nil && e.Origin == catalog.New {
			return
		}
		if c.Catalog != nil && c.NewObject(c.Catalog.Types, name) || bcCreatedInFile(c, name) {
			return
		}
		obj = Object{Type: sqlast.ObjType_, Schema: name.Schema, Name: name.Name}
		if kind == "domain" {
			obj.Type = sqlast.ObjDomain
		}
	case "function", "procedure", "routine", "aggregate":
		if c.Catalog != nil && c.NewObject(c.Catalog.Functions, name) {
			return
		}
		obj = Object{Type: sqlast.ObjFunction, Schema: name.Schema, Name: name.Name}
		if kind == "procedure" {
			obj.Type = sqlast.ObjProcedure
		}
	case "sequence":
		if c.Catalog != nil && c.NewObject(c.Catalog.Sequences, name) {
			return
		}
		obj = Object{Type: sqlast.ObjSequence, Schema: name.Schema, Name: name.Name}
	default:
		return // extensions, operators, collations…: not what application code names
	}
	obj.NewName = newSchema + "." + name.Name
	c.Report(c.Stmt.Pos, obj,
		"moving "+kind+" "+bcQ(name.String())+" to schema "+bcQ(newSchema)+" breaks code that still uses the old name",
		"keep the old name reachable (a view under it, or the search_path) until no rollback target uses it")
}

// bcParseSetSchema reads `ALTER <kind> [IF EXISTS] <name>[(args)] SET SCHEMA
// <schema>` (the parser does not model it): the object kind in lower case,
// its name and the new schema.
func bcParseSetSchema(text string) (kind string, name sqlast.Name, schema string, ok bool) {
	toks := bcTokens(text)
	if len(toks) < 5 || !strings.EqualFold(toks[0].s, "alter") {
		return "", name, "", false
	}
	i := 1
	var words []string
	for i < len(toks) && !toks[i].quoted && bcKindWord(strings.ToLower(toks[i].s)) {
		words = append(words, strings.ToLower(toks[i].s))
		i++
	}
	kind = strings.Join(words, " ")
	if i+1 < len(toks) && strings.EqualFold(toks[i].s, "if") && strings.EqualFold(toks[i+1].s, "exists") {
		i += 2
	}
	var parts []string
	for i < len(toks) {
		parts = append(parts, toks[i].ident())
		i++
		if i < len(toks) && toks[i].s == "." {
			i++
			continue
		}
		break
	}
	if len(parts) == 0 || len(parts) > 2 {
		return "", name, "", false
	}
	if len(parts) == 2 {
		name = sqlast.Name{Schema: parts[0], Name: parts[1]}
	} else {
		name = sqlast.Name{Name: parts[0]}
	}
	if i < len(toks) && toks[i].s == "(" { // function arguments
		depth := 0
		for ; i < len(toks); i++ {
			if toks[i].s == "(" {
				depth++
			} else if toks[i].s == ")" {
				depth--
				if depth == 0 {
					i++
					break
				}
			}
		}
	}
	if i+3 != len(toks) || !strings.EqualFold(toks[i].s, "set") || !strings.EqualFold(toks[i+1].s, "schema") {
		return "", name, "", false
	}
	return kind, name, toks[i+2].ident(), kind != "" && name.Name != ""
}

func bcKindWord(w string) bool {
	switch w {
	case "table", "foreign", "view", "materialized", "sequence", "type", "domain", "function",
		"procedure", "routine", "aggregate", "extension", "operator", "collation", "conversion",
		"text", "search", "parser", "dictionary", "template", "configuration", "statistics", "class", "family":
		return true
	}
	return false
}

type bcTok struct {
	s      string
	quoted bool
	off    int // byte offset in the text
}

// ident is the identifier a token names: quoted ones as written, others
// folded to lower case.
func (t bcTok) ident() string {
	if t.quoted {
		return t.s
	}
	return strings.ToLower(t.s)
}

// bcTokens splits SQL text into identifiers/keywords, quoted identifiers
// and single-character punctuation; string literals become one token.
func bcTokens(s string) []bcTok {
	var out []bcTok
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '"':
			j := i + 1
			var b strings.Builder
			for j < len(s) {
				if s[j] == '"' {
					if j+1 < len(s) && s[j+1] == '"' {
						b.WriteByte('"')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(s[j])
				j++
			}
			out = append(out, bcTok{s: b.String(), quoted: true, off: i})
			i = j + 1
		case c == '\'':
			j := i + 1
			for j < len(s) && !(s[j] == '\'' && (j+1 >= len(s) || s[j+1] != '\'')) {
				if s[j] == '\'' {
					j++
				}
				j++
			}
			out = append(out, bcTok{s: s[i:min(j+1, len(s))], off: i})
			i = j + 1
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
			j := i
			for j < len(s) && (s[j] == '_' || s[j] == '$' || s[j] >= '0' && s[j] <= '9' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= 0x80) {
				j++
			}
			out = append(out, bcTok{s: s[i:j], off: i})
			i = j
		default:
			out = append(out, bcTok{s: s[i : i+1], off: i})
			i++
		}
	}
	return out
}
