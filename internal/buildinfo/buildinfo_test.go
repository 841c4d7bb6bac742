package buildinfo

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	bi := &debug.BuildInfo{
		GoVersion: "go1.26.0",
		Main:      debug.Module{Path: Module, Version: "v0.0.0-20260102150405-abcdef123456+dirty"},
		Deps:      []*debug.Module{{Path: "github.com/pganalyze/pg_query_go/v6", Version: "v6.2.5"}},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "abcdef1234567890abcdef1234567890abcdef12"},
			{Key: "vcs.time", Value: "2026-01-02T15:04:05Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	in := fromBuildInfo(bi, "", "17.7")
	if in.Short() != "v0.0.0-20260102150405-abcdef123456+dirty" {
		t.Errorf("Short() = %q", in.Short())
	}
	s := in.String()
	for _, want := range []string{"rbcheck v0.0.0-20260102150405-abcdef123456+dirty\n", "commit:   abcdef1234567890abcdef1234567890abcdef12 (with uncommitted changes)",
		"time:     2026-01-02T15:04:05Z", "go:       go1.26.0", "parser:   PostgreSQL 17.7 (pg_query_go v6.2.5)"} {
		if !strings.Contains(s, want) {
			t.Errorf("String() lacks %q:\n%s", want, s)
		}
	}

	// go run and go test stamp no version: the commit names the build
	bi.Main.Version = "(devel)"
	if got := fromBuildInfo(bi, "", "17.7").Short(); got != "devel+abcdef123456-dirty" {
		t.Errorf("devel build: Short() = %q", got)
	}
	bi.Settings = nil
	if got := fromBuildInfo(bi, "", "17.7").Short(); got != "devel" {
		t.Errorf("no VCS: Short() = %q", got)
	}
	if got := fromBuildInfo(bi, "v1.2.3", "17.7").Short(); got != "v1.2.3" {
		t.Errorf("-X override: Short() = %q", got)
	}
	// another main module (rbcheck used as a library) does not lend its version
	bi.Main = debug.Module{Path: "example.com/other", Version: "v9.9.9"}
	if got := fromBuildInfo(bi, "", "").Short(); got != "devel" {
		t.Errorf("other main module: Short() = %q", got)
	}
	if got := fromBuildInfo(nil, "", "").String(); !strings.Contains(got, "parser:   unknown") {
		t.Errorf("no build info: %q", got)
	}
}

func TestReadThisBinary(t *testing.T) {
	in := Read()
	if in.GoVersion == "" || in.Postgres == "" {
		t.Errorf("Read() = %+v: the test binary has a Go version and the parser a Postgres version", in)
	}
}
