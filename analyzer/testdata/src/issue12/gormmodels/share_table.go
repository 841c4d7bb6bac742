package gormmodels

// TableName of FileShare, in another file than the struct.
func (FileShare) TableName() string { return "files_share" } // want TableName:`returns "files_share"`
