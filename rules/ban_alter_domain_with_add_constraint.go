package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "ban-alter-domain-with-add-constraint",
		Title:      "Adding a constraint to a domain scans every table that uses it",
		Effect:     Locking,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "`ALTER DOMAIN … ADD CONSTRAINT` checks every value of every column that uses the domain, " +
			"in every table, while holding a SHARE lock on each of those tables: writes to all of them " +
			"stop for the duration of the scans, and a single existing bad value fails the migration. " +
			"With `NOT VALID` only new values are checked and `ALTER DOMAIN … VALIDATE CONSTRAINT` " +
			"checks the old ones later without blocking writes.",
		Bad:  "ALTER DOMAIN positive_int ADD CONSTRAINT positive CHECK (VALUE > 0);",
		Good: "ALTER DOMAIN positive_int ADD CONSTRAINT positive CHECK (VALUE > 0) NOT VALID;\n-- later migration:\nALTER DOMAIN positive_int VALIDATE CONSTRAINT positive;",
		Fix: []string{
			"Add the domain constraint with `NOT VALID`.",
			"Fix existing values, then `ALTER DOMAIN … VALIDATE CONSTRAINT …` in a later migration.",
			"Or move the rule to table CHECK constraints, added NOT VALID per table.",
		},
		Default: true,
		Check:   checkBanAlterDomainWithAddConstraint,
		Nodes:   []sqlast.Node{(*sqlast.AlterDomain)(nil)},
	})
}

func checkBanAlterDomainWithAddConstraint(c *Context) {
	ad, ok := c.Stmt.Node.(*sqlast.AlterDomain)
	if !ok || !ad.AddConstraint {
		return
	}
	obj := Object{Type: sqlast.ObjDomain, Schema: ad.Name.Schema, Name: ad.Name.Name}
	if ad.Constraint != nil {
		if ad.Constraint.NotValid {
			return
		}
		obj.Constraint = ad.Constraint.Name
	}
	c.Report(c.Stmt.Pos, obj,
		"adding a constraint to domain "+lkQuote(ad.Name)+" checks every column that uses it, blocking writes to those tables while they are scanned",
		"add the constraint NOT VALID and validate it in a later migration")
}
