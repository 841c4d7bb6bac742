package rules

import (
	"fmt"

	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "rename-json-key",
		Title:      "Renaming a key inside a JSON column breaks code that reads the old key",
		Effect:     BreaksOldCode,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "An UPDATE that moves a value from one key of a json or jsonb column to another " +
			"(`jsonb_set(value #- '{old}', '{new}', value->'old')`) changes the documents, not the schema. Old code " +
			"decodes the column into a type whose field is named by the old key; after a rollback it finds no such " +
			"key, and a lenient decoder (encoding/json, protojson with DiscardUnknown) silently gives the field its " +
			"zero value: a setting, a limit or a flag is lost without an error. The release verdict links the key to " +
			"the old code's decoders: a read of the column whose value the same function decodes with encoding/json " +
			"(`json:\"…\"` tags, matched ignoring case) or protojson (a generated message's JSON name or proto name) " +
			"into a type with a field for the old key blocks, naming the field; a message chosen at run time (a switch " +
			"or map over the row's name) counts by the value the migration's WHERE pins; a type without such a field " +
			"is no use; a target rbcheck cannot resolve (a map, a value from elsewhere) makes the verdict unknown; a " +
			"read whose decoding is not seen is a warning.",
		Bad: "CREATE TABLE setting (name text PRIMARY KEY, value jsonb NOT NULL);\n" +
			"-- migration\n" +
			"UPDATE setting SET value = jsonb_set(value #- '{maximumRoleExpiration}', '{maximumRequestExpiration}', value->'maximumRoleExpiration')\n" +
			"WHERE value ? 'maximumRoleExpiration';",
		Good: "CREATE TABLE setting (name text PRIMARY KEY, value jsonb NOT NULL);\n" +
			"-- migration\n" +
			"-- copy the value under the new key and keep the old one until no rollback target reads it\n" +
			"UPDATE setting SET value = jsonb_set(value, '{maximumRequestExpiration}', value->'maximumRoleExpiration')\n" +
			"WHERE value ? 'maximumRoleExpiration';",
		Fix: []string{
			"Release code that reads the new key, falling back to the old one, and writes both.",
			"Copy the values to the new key (keep the old key).",
			"Remove the old key in a later release, once no rollback target reads it.",
		},
		Breaks: []Break{{
			Change: change.JSONKeyRenamed, Uses: []Use{UseJSONKey},
			Why: func(ch *change.Change) string {
				return fmt.Sprintf("the old code reads %q, whose json key %q the migration renamed to %q: if it decodes that key, a rollback leaves it without the value (a lenient decoder gives the zero value without an error)",
					ch.Table.Name+"."+ch.Column, ch.Value, ch.NewName)
			},
		}},
		Default: true,
		Check:   checkRenameJSONKey,
		Nodes:   []sqlast.Node{(*sqlast.Update)(nil)},
	})
}

func checkRenameJSONKey(c *Context) {
	u, ok := c.Stmt.Node.(*sqlast.Update)
	if !ok || c.NewTable(u.Table) || c.Table(u.Table) == nil {
		return
	}
	for _, tg := range u.Targets {
		if tg.Sub || c.NewColumn(u.Table, tg.Name) || c.Column(u.Table, tg.Name) == nil {
			continue
		}
		for _, k := range tg.Keys {
			obj := c.ColumnObj(u.Table, tg.Name)
			c.Report(tg.Pos, obj,
				fmt.Sprintf("updating %s renames json key %s to %s: old code that reads the old key finds nothing after a rollback",
					bcCol(u.Table, tg.Name), bcQ(k.Old), bcQ(k.New)),
				"copy the value to the new key and keep the old one; release code that reads both, and remove the old key in a later release")
		}
	}
}
