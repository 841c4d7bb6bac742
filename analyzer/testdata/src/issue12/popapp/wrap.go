package popapp

import "github.com/gobuffalo/pop/v6"

// Conn is the code's own handle, embedding pop's.
type Conn struct{ *pop.Connection }

func byWrapper(c *Conn) {
	var s []Session
	c.Where("token = ?", "y").All(&s) // want "sessions select exact \\(pop\\)" "sessions.id select exact" "sessions.token select exact"
	c.ApplyLimits()                   // not a pop method: no statement
}

// ApplyLimits is not pop's.
func (c *Conn) ApplyLimits() {}
