// Package popapp uses gobuffalo/pop.
package popapp

import (
	"context"

	"github.com/gobuffalo/pop/v6"
)

type Identity struct { // want "identities model exact \\(pop\\)" "identities.id model exact" "identities.state model exact"
	ID    string `db:"id"`
	State string `db:"state"`
}

// TableName with a context, as pop allows.
func (Identity) TableName(ctx context.Context) string { return "identities" } // want TableName:`returns "identities"`

type Session struct { // want "sessions model partial \\(pop\\)" "sessions.id model partial" "sessions.token model partial"
	ID    string `db:"id"`
	Token string `db:"token"`
}

func find(tx *pop.Connection, id string) {
	var i Identity
	tx.Where("state = ?", "active").First(&i) // want "identities select exact \\(pop\\)" "identities.id select exact" "identities.state select exact"
	tx.Find(&i, id)                           // want "identities select exact \\(pop\\)" "identities.id select exact" "identities.state select exact"
	var ss []Session
	tx.Q().Where("token = ?", "x").All(&ss)                         // want "sessions select exact \\(pop\\)" "sessions.id select exact" "sessions.token select exact"
	tx.RawQuery("DELETE FROM sessions WHERE token = ?", "x").Exec() // want "sessions delete exact \\(pop\\)" "sessions.token select exact"
	tx.Create(&Session{})                                           // want "sessions insert exact \\(pop\\)" "sessions.id insert exact" "sessions.token insert exact"
	tx.Destroy(&i)                                                  // want "identities delete exact \\(pop\\)" "identities.id select exact"
}
