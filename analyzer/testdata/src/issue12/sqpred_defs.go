package issue12

import sq "github.com/Masterminds/squirrel"

// Predicates defined in another file than the query that uses them.

var activeMembers = sq.Eq{"state": "active"}

type roleFilter struct{ pred sq.Sqlizer }

func byRole(role string) roleFilter { return roleFilter{pred: sq.Eq{"role": role}} }

var _ = byRole
