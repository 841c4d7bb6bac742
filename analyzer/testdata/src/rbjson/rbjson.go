package rbjson

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"

	"google.golang.org/protobuf/encoding/protojson"
)

// Base is embedded: its fields are promoted.
type Base struct {
	Version int `json:"version"`
}

type Theme struct {
	Colour string `json:"colour"`
}

type Prefs struct {
	Base
	Theme    Theme  `json:"theme"`
	Language string // no tag: the field's name, matched ignoring case
	Secret   string `json:"-"`
	internal string
}

// The decoded destinations of a positional scan: encoding/json, nested
// and embedded fields, json:"-" and unexported fields left out.
func Structs(db *sql.DB) (*Prefs, error) {
	var id int64
	var raw []byte
	if err := db.QueryRow(`SELECT id, prefs FROM users WHERE id = $1`, 1).Scan(&id, &raw); err != nil { // want `decodes: column 1 with encoding/json into rbjson.Prefs \{version theme theme.colour Language\}`
		return nil, err
	}
	var p Prefs
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, err
	}
	var s string
	db.QueryRow(`SELECT prefs FROM users WHERE id = $1`, 2).Scan(&s) // want `decodes: column 0 with encoding/json into rbjson.Theme \{colour\}`
	var t Theme
	json.NewDecoder(bytes.NewReader([]byte(s))).Decode(&t)
	return &p, nil
}

// Elsewhere: a decoded value the function also returns may be read by
// other code, for other keys.
func Elsewhere(db *sql.DB) ([]byte, *Theme, error) {
	var raw []byte
	if err := db.QueryRow(`SELECT prefs FROM users WHERE id = $1`, 6).Scan(&raw); err != nil { // want `decodes: column 0 with encoding/json into rbjson.Theme \{colour\}; the value is also used elsewhere`
		return nil, nil, err
	}
	var t Theme
	err := json.Unmarshal(raw, &t)
	return raw, &t, err
}

// NotDecoded: a scanned value the function does not decode says nothing.
func NotDecoded(db *sql.DB) (string, error) {
	var s string
	err := db.QueryRow(`SELECT prefs FROM users WHERE id = $1`, 3).Scan(&s)
	return s, err
}

// Generated-looking protobuf messages.
type SettingName int32

const (
	SettingName_PROFILE SettingName = 1
	SettingName_CHAT    SettingName = 2
)

type Duration struct {
	Seconds int64 `protobuf:"varint,1,opt,name=seconds,proto3" json:"seconds,omitempty"`
}

type Profile struct {
	ExternalUrl   string    `protobuf:"bytes,1,opt,name=external_url,json=externalUrl,proto3" json:"external_url,omitempty"`
	MaxExpiration *Duration `protobuf:"bytes,2,opt,name=max_expiration,json=maxExpiration,proto3" json:"max_expiration,omitempty"`
	// Types that are valid to be assigned to Login: *Profile_Password, *Profile_Sso
	Login isProfile_Login `protobuf_oneof:"login"`
}

type isProfile_Login interface{ isProfile_Login() }

type Profile_Password struct {
	Password bool `protobuf:"varint,3,opt,name=password,proto3,oneof"`
}

type Profile_Sso struct {
	Sso string `protobuf:"bytes,4,opt,name=sso,proto3,oneof"`
}

func (*Profile_Password) isProfile_Login() {}
func (*Profile_Sso) isProfile_Login()      {}

type Chat struct {
	Token string `protobuf:"bytes,1,opt,name=token,proto3" json:"token,omitempty"`
}

type message interface{}

var unmarshaler = protojson.UnmarshalOptions{DiscardUnknown: true}

func messageOf(name SettingName) (message, error) {
	switch name {
	case SettingName_PROFILE:
		return &Profile{}, nil
	case SettingName_CHAT:
		return &Chat{}, nil
	}
	return nil, fmt.Errorf("unknown setting %v", name)
}

var constructors = map[string]func() message{
	"profile": func() message { return &Profile{} },
	"chat":    func() message { return &Chat{} },
}

// Protos: protojson through a package variable of UnmarshalOptions, the
// package function and a literal; a message chosen by a switch (with the
// case values) or a map of constructors (with the keys); the JSON name
// and the proto name of each field, oneof wrappers included.
func Protos(db *sql.DB, name SettingName, kind string) error {
	var n int32
	var v string
	db.QueryRow(`SELECT name, value FROM setting WHERE name = $1`, name).Scan(&n, &v) // want `decodes: column 1 with protojson into rbjson.Profile when PROFILE \{externalUrl\|external_url maxExpiration\|max_expiration maxExpiration.seconds\|max_expiration.seconds password sso\}, rbjson.Chat when CHAT \{token\}`
	m, err := messageOf(SettingName(n))
	if err != nil {
		return err
	}
	if err := unmarshaler.Unmarshal([]byte(v), m); err != nil {
		return err
	}
	var v2 []byte
	db.QueryRow(`SELECT value FROM setting WHERE name = $1`, kind).Scan(&v2) // want `decodes: column 0 with protojson into rbjson.Profile when profile \{.*\}, rbjson.Chat when chat \{token\}`
	protojson.Unmarshal(v2, constructors[kind]())
	var v3 []byte
	db.QueryRow(`SELECT value FROM setting WHERE name = 'CHAT'`).Scan(&v3) // want `decodes: column 0 with protojson into rbjson.Chat \{token\}`
	return protojson.UnmarshalOptions{}.Unmarshal(v3, &Chat{})
}

// Unresolved: a map, or a target passed in, is said, never taken for "no
// key read".
func Unresolved(db *sql.DB, into any) error {
	var raw []byte
	db.QueryRow(`SELECT prefs FROM users WHERE id = $1`, 4).Scan(&raw) // want `decodes: column 0 with encoding/json; not known: into a map\[string\]any \(.*rbjson.go:\d+:\d+\), whose keys the code reads by names rbcheck does not follow`
	var m map[string]any
	json.Unmarshal(raw, &m)
	var raw2 []byte
	db.QueryRow(`SELECT prefs FROM users WHERE id = $1`, 5).Scan(&raw2) // want "decodes: column 0 with encoding/json; not known: into `into` \\(.*rbjson.go:\\d+:\\d+\\), which comes from where rbcheck does not follow"
	return json.Unmarshal(raw2, into)
}
