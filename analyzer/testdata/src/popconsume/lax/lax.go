// Package lax opens its pop connection Unsafe: unknown columns are
// ignored (ok twin of popconsume).
package lax

import "github.com/gobuffalo/pop/v6"

type Client struct {
	ID string `db:"id"`
}

func List(url string) ([]Client, error) {
	c, err := pop.NewConnection(&pop.ConnectionDetails{URL: url, Unsafe: true})
	if err != nil {
		return nil, err
	}
	var cs []Client
	err = c.RawQuery(`SELECT * FROM pc_client`).All(&cs) // scan: by-name pop All
	return cs, err
}
