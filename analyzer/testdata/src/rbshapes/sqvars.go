package rbshapes

import sq "github.com/Masterminds/squirrel"

var psql = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)

// a builder kept in a package variable, extended in another file
var selectAccounts = psql.Select("id", "name").From("sq_accounts") // want "sq_accounts select exact" "sq_accounts.id select exact" "sq_accounts.name select exact" "sq_accounts select exact" "sq_accounts.id select exact" "sq_accounts.name select exact" "sq_accounts.old_w select exact"
