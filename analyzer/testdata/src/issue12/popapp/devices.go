package popapp

import (
	"context"

	"github.com/gobuffalo/pop/v6"

	"issue12/popx"
)

type Device struct { // want "session_devices model exact \\(pop\\)" "session_devices.id model exact" "session_devices.session_id model exact"
	ID        string `db:"id"`
	SessionID string `db:"session_id"`
}

func (Device) TableName() string { return "session_devices" } // want TableName:`returns "session_devices"`

type DevicePersister struct{ c *pop.Connection }

// CreateDevice: the connection comes from a helper of another package whose
// result is *pop.Connection (ory/kratos' popx.GetConnection).
func (p *DevicePersister) CreateDevice(ctx context.Context, d *Device) error {
	return popx.GetConnection(ctx, p.c).Create(d) // want "session_devices insert exact \\(pop\\)" "session_devices.id insert exact" "session_devices.session_id insert exact"
}

// conn is this package's own helper returning pop's handle.
func (p *DevicePersister) conn(ctx context.Context) *pop.Connection {
	return popx.GetConnection(ctx, p.c)
}

func (p *DevicePersister) ListDevices(ctx context.Context) error {
	var ds []Device
	return p.conn(ctx).Where("session_id = ?", "s").All(&ds) // want "session_devices select exact \\(pop\\)" "session_devices.id select exact" "session_devices.session_id select exact"
}

// deleteAll is generic: new(T) names the caller's model, not a table "ts".
func deleteAll[T any](ctx context.Context, c *pop.Connection) error {
	return popx.GetConnection(ctx, c).Where("session_id = ?", "s").Delete(new(T)) // want "dynamic sql: part of the pop chain is built at run time; its constant parts name no table \\(columns session_id\\)"
}

// cached: a helper whose result is no pop handle (the ok twin): its Create
// is not an INSERT.
func cached(ctx context.Context, d *Device) error {
	return popx.GetCache(ctx).Create(d)
}
