package migrations_embed

import _ "embed"

//go:embed seed.sql
var Seed string
