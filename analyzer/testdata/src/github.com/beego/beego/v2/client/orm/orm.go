// Package orm is a minimal stub of github.com/beego/beego/v2/client/orm for rbcheck's analyzer tests.
package orm

// RegisterModel registers models.
func RegisterModel(models ...interface{}) {}
