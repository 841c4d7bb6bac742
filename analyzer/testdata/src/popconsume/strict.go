// Package popconsume reads rows through pop: All, First, Last and Find map
// them with sqlx, strict unless the connection is opened Unsafe (a value
// known only at run time counts as pop's default, strict).
package popconsume

import (
	"fmt"

	"github.com/gobuffalo/pop/v6"
)

type Client struct {
	ID   string `db:"id"`
	Name string `db:"client_name"`
}

func Open(url string, ignore bool) (*pop.Connection, error) {
	return pop.NewConnection(&pop.ConnectionDetails{URL: url, Unsafe: ignore})
}

func List(c *pop.Connection, channel string) ([]Client, error) {
	var cs []Client
	err := c.RawQuery(fmt.Sprintf(`SELECT DISTINCT c.* FROM pc_client AS c WHERE c.%slogout_uri != ''`, channel)).All(&cs) // scan: by-name pop All strict
	return cs, err
}

func One(c *pop.Connection) (Client, error) {
	var cl Client
	q := c.RawQuery(`SELECT * FROM pc_client WHERE id = ?`, 1) // scan: by-name pop First strict
	return cl, q.First(&cl)
}
