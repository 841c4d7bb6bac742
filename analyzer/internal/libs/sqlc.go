package libs

// Sqlc is sqlc's generated code: it imports no library of its own.
var Sqlc = &Library{
	Name:    "sqlc",
	Builder: "query constants whose text starts with `-- name: X :kind` are statements; the generated `DBTX` interface matches the database/sql and pgx shapes",
}
