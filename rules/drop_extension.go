package rules

import "github.com/rbcheck/rbcheck/internal/sqlast"

func init() {
	register(&Rule{
		Name:       "drop-extension",
		Title:      "Dropping an extension breaks code that uses its functions and types",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Old code that calls the extension's functions (`gen_random_uuid()` before Postgres 13, " +
			"`uuid_generate_v4()`, `crypt()`, `similarity()`) or uses its types and operators fails. " +
			"With CASCADE, columns of the extension's types (`citext`, `hstore`, `ltree`, `vector`) " +
			"are dropped with their data, and so are indexes that use its operator classes.",
		Bad:  `DROP EXTENSION pg_trgm CASCADE;`,
		Good: `-- release N stops using similarity() and the trigram indexes; a later release drops it:` + "\n" + `-- rbcheck:ignore drop-extension unused since release N` + "\n" + `DROP EXTENSION pg_trgm;`,
		Fix: []string{
			"Move columns off the extension's types and drop the indexes that use it.",
			"Release code that no longer calls its functions.",
			"Drop the extension in a later release, without CASCADE so Postgres refuses if anything still depends on it.",
		},
		Default: true,
		Check:   checkDropExtension,
		Nodes:   []sqlast.Node{(*sqlast.Drop)(nil)},
	})
}

func checkDropExtension(c *Context) {
	d, ok := c.Stmt.Node.(*sqlast.Drop)
	if !ok || d.ObjType != sqlast.ObjExtension {
		return
	}
	names := bcNamesOf(c.Stmt)
	for _, n := range d.Objects {
		pos := names.pos(n)
		if bcExtensionCreatedInFile(c, n.Name) {
			continue
		}
		msg := "dropping extension " + bcQ(n.Name) + " breaks code that uses its functions and types"
		if d.Cascade {
			msg += ", and cascade drops the columns and indexes that depend on it"
		}
		c.Report(pos, Object{Type: sqlast.ObjExtension, Name: n.Name}, msg,
			"stop using the extension in one release, then drop it without cascade in a later release")
	}
}

// bcExtensionCreatedInFile reports whether an earlier statement of the
// file created extension name.
func bcExtensionCreatedInFile(c *Context, name string) bool {
	fi, prev := earlier(c, name)
	for _, k := range prev {
		if e, ok := fi.all[k].Node.(*sqlast.CreateExtension); ok && e.Name == name {
			return true
		}
	}
	return false
}
