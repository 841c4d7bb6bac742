package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "ban-create-domain-with-constraint",
		Title:      "Domains with constraints are hard to change online",
		Effect:     Locking,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Creating a domain with a CHECK or NOT NULL constraint locks nothing by itself, but it ties " +
			"every column of that type to the constraint: changing it later (`ALTER DOMAIN … ADD " +
			"CONSTRAINT`) scans every table using the domain while blocking their writes, and the " +
			"constraint cannot be swapped per table. A plain domain (or the base type) with table-level " +
			"CHECK constraints can be evolved with NOT VALID and VALIDATE. The create itself is " +
			"harmless, so the finding is a warning about the next change, not about this statement.",
		Bad:  "CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);",
		Good: "CREATE DOMAIN positive_int AS integer;\nALTER TABLE items ADD CONSTRAINT items_qty_positive CHECK (qty > 0) NOT VALID;",
		Fix: []string{
			"Create the domain without a constraint, or use the base type.",
			"Put the rule in table CHECK constraints, added NOT VALID and validated separately.",
		},
		Default: true,
		Check:   checkBanCreateDomainWithConstraint,
		Nodes:   []sqlast.Node{(*sqlast.CreateType)(nil)},
	})
}

func checkBanCreateDomainWithConstraint(c *Context) {
	ct, ok := c.Stmt.Node.(*sqlast.CreateType)
	if !ok || !ct.Domain || !ct.Constraint {
		return
	}
	c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjDomain, Schema: ct.Name.Schema, Name: ct.Name.Name},
		"domain "+lkQuote(ct.Name)+" is created with a constraint; changing it later scans and locks every table that uses the domain",
		"create the domain without a constraint and use table CHECK constraints added NOT VALID")
}
