package popapp

// This file does not import pop: only the declared result type of the
// interface method says the chain is pop's.

import (
	"context"

	"issue12/popx"
)

func destroyDevice(ctx context.Context, p popx.Provider, d *Device) error {
	return p.GetConnection(ctx).Destroy(d) // want "session_devices delete exact \\(pop\\)" "session_devices.id select exact"
}
