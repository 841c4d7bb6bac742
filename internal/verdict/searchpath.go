package verdict

import (
	"strings"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// DefaultSearchPath is the schema path the old code's unqualified names are
// looked up in when the configuration names none (search-path).
var DefaultSearchPath = []string{catalog.DefaultSchema}

// SearchPath is the path the old code's unqualified names resolve through:
// the configured schemas (DefaultSearchPath when none), then the schemas
// OLD's migrations SET search_path to, each once, in order.
func SearchPath(configured []string, old *migrations.Set) []string {
	var path []string
	seen := map[string]bool{}
	add := func(s string) {
		s = strings.Trim(strings.TrimSpace(s), `'"`)
		if s == "" || s == "$user" || strings.EqualFold(s, "pg_catalog") || seen[strings.ToLower(s)] {
			return
		}
		seen[strings.ToLower(s)] = true
		path = append(path, s)
	}
	if len(configured) == 0 {
		configured = DefaultSearchPath
	}
	for _, s := range configured {
		add(s)
	}
	if old == nil {
		return path
	}
	for _, f := range old.Files {
		if f.Up == nil || f.Kind == migrations.Undo {
			continue
		}
		for _, st := range sqlast.WithNested(f.Up.Stmts) {
			if n, ok := st.Node.(*sqlast.Set); ok && strings.EqualFold(n.Name, "search_path") && !n.Reset {
				for _, s := range strings.Split(n.Value, ",") {
					add(s)
				}
			}
		}
	}
	return path
}

// resolveSchemas gives each unqualified table name of the old code the
// schema it refers to: the first schema of path whose table or view of that
// name exists in cat (the schema before the release). A name no schema of
// path holds is left unqualified, which means public. So with auth on the
// path, the old code's `FROM clients` is auth.clients, and a migration on
// auth.clients is matched with it.
func (oc *OldCode) resolveSchemas(cat *catalog.Catalog, path []string) {
	if cat == nil || len(path) == 0 || (len(path) == 1 && path[0] == catalog.DefaultSchema) {
		return // unqualified already means public
	}
	memo := map[string]string{}
	resolve := func(n *sqlast.Name) {
		if n == nil || n.Schema != "" || n.Name == "" {
			return
		}
		k := strings.ToLower(n.Name)
		s, ok := memo[k]
		if !ok {
			for _, p := range path {
				if cat.Relation(sqlast.Name{Schema: p, Name: n.Name}) != nil {
					s = p
					break
				}
			}
			memo[k] = s
		}
		if s != "" && s != catalog.DefaultSchema {
			n.Schema = s
		}
	}
	uses := func(us []sqlast.Use) {
		for i := range us {
			resolve(&us[i].Table)
			for j := range us[i].Candidates {
				resolve(&us[i].Candidates[j])
			}
		}
	}
	for i := range oc.Uses {
		resolve(&oc.Uses[i].Table)
		for j := range oc.Uses[i].Candidates {
			resolve(&oc.Uses[i].Candidates[j])
		}
	}
	for _, q := range oc.Queries {
		if q.Query == nil {
			continue
		}
		uses(q.Query.Uses)
		resolve(q.Query.InsertTable)
		for i := range q.Query.Conflicts {
			resolve(&q.Query.Conflicts[i].Table)
		}
		for i := range q.Query.Literals {
			resolve(&q.Query.Literals[i].Table)
		}
	}
}
