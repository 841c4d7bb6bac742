// Package orm wraps beego's ORM (as goharbor/harbor's lib/orm does).
package orm

import "github.com/beego/beego/v2/client/orm"

// RegisterModel registers models with beego's ORM.
func RegisterModel(models ...any) { orm.RegisterModel(models...) }
