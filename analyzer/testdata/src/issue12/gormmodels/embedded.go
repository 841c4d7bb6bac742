package gormmodels

// A gorm-tagged struct embedded in a model that names its table is that
// model's columns, not a table of its own (hashicorp/boundary's protobuf
// store.Role inside iam.Role).

type grantFields struct {
	ID   uint   `gorm:"primary_key"`
	Role string `gorm:"column:role_name"`
}

type Grant struct { // want "iam_grant model exact \\(gorm\\)" "iam_grant.id model exact" "iam_grant.role_name model exact"
	*grantFields
}

func (Grant) TableName() string { return "iam_grant" } // want TableName:`returns "iam_grant"`

// Audit is a gorm model of its own (ok twin): embedded in nothing.
type Audit struct { // want "audits model partial \\(gorm\\)" "audits.id model partial"
	ID uint `gorm:"primary_key"`
}
