// Package uuid is a stub of github.com/gofrs/uuid: UUID is a [16]byte
// whose Value method has a value receiver and returns its string.
package uuid

import "database/sql/driver"

type UUID [16]byte

func (u UUID) String() string { return "00000000-0000-0000-0000-000000000000" }

func (u UUID) Value() (driver.Value, error) { return u.String(), nil }

// NullUUID is NULL when not Valid.
type NullUUID struct {
	UUID  UUID
	Valid bool
}

func (u NullUUID) Value() (driver.Value, error) {
	if !u.Valid {
		return nil, nil
	}
	return u.UUID.Value()
}
