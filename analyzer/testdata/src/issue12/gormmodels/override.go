package gormmodels

// A TableName that returns a field of the receiver (an override set at run
// time) or a constant names the constant's table (hashicorp/boundary's
// models); one that returns either of two constants names no table.

const defaultRoleTable = "iam_role"

type Role struct { // want "iam_role model exact \\(gorm\\)" "iam_role.id model exact" "iam_role.name model exact"
	ID        uint
	Name      string
	tableName string `gorm:"-"`
}

func (r *Role) TableName() string {
	if r.tableName != "" {
		return r.tableName
	}
	return defaultRoleTable
}

// Shard: two constants, the table is not known (ok twin: no table named).
type Shard struct {
	ID    uint `gorm:"primaryKey"`
	shard int
}

func (s *Shard) TableName() string { // want TableName:`returns "shard_b" | "shard_a"`
	if s.shard > 0 {
		return "shard_b"
	}
	return "shard_a"
}
