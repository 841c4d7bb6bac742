// Package protojson is a stand-in for google.golang.org/protobuf/encoding/protojson
// with the two calls the fixtures use.
package protojson

// UnmarshalOptions configures Unmarshal.
type UnmarshalOptions struct{ DiscardUnknown bool }

// Unmarshal decodes b into m.
func (UnmarshalOptions) Unmarshal(b []byte, m any) error { return nil }

// Unmarshal decodes b into m.
func Unmarshal(b []byte, m any) error { return nil }
