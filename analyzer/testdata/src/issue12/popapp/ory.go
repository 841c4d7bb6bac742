package popapp

// Ory's fork of pop (github.com/ory/pop/v6), as Kratos, Hydra and Keto use.

import "github.com/ory/pop/v6"

func oryFind(c *pop.Connection) error {
	var d Device
	return c.Where("id = ?", "x").First(&d) // want "session_devices select exact \\(pop\\)" "session_devices.id select exact" "session_devices.session_id select exact"
}
