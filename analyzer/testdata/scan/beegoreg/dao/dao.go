// Package dao registers another package's model with beego's ORM.
package dao

import (
	"github.com/beego/beego/v2/client/orm"

	"example.com/beegoreg/models"
)

func init() {
	orm.RegisterModel(new(models.Member))
}
