// Package buildinfo says which rbcheck this is: the module version, the
// commit it was built from, the Go version and the Postgres grammar, read
// from the binary itself (runtime/debug.ReadBuildInfo), for `rbcheck
// version`, SARIF's tool.driver.version and the JSON outputs.
package buildinfo

import (
	"fmt"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/rbcheck/rbcheck/internal/pgparse"
)

// Module is rbcheck's module path.
const Module = "github.com/rbcheck/rbcheck"

// version overrides the module version for builds without module or VCS
// information: go build -ldflags "-X github.com/rbcheck/rbcheck/internal/buildinfo.version=v1.2.3".
var version string

// Info is what the binary knows about its own build.
type Info struct {
	// Version is the module version: a release (v1.2.0), a pseudo-version
	// (v0.0.0-20260102150405-abcdef123456, what go build stamps in a
	// checkout since Go 1.24), or "(devel)" when nothing was stamped.
	Version   string `json:"version"`
	Revision  string `json:"revision"`        // VCS commit
	Time      string `json:"time"`            // VCS commit time, RFC 3339
	Modified  bool   `json:"modified"`        // the work tree had uncommitted changes
	GoVersion string `json:"go"`              // toolchain that built the binary
	Postgres  string `json:"postgres_parser"` // Postgres version of the parser (libpg_query)
	PgQuery   string `json:"pg_query_go"`     // pg_query_go module version
}

// Read returns the running binary's build information.
var Read = sync.OnceValue(func() Info {
	in := readBuild()
	in.Postgres = pgparse.PostgresVersion()
	return in
})

// readBuild is Read without the Postgres version, which costs a parse.
var readBuild = sync.OnceValue(func() Info {
	bi, _ := debug.ReadBuildInfo()
	return fromBuildInfo(bi, version, "")
})

// Short is Read().Short() without asking the parser its version (a parse
// at the start of every run, for a field Short does not print).
func Short() string { return readBuild().Short() }

func fromBuildInfo(bi *debug.BuildInfo, override, postgres string) Info {
	in := Info{Version: "(devel)", Postgres: postgres}
	if bi == nil {
		if override != "" {
			in.Version = override
		}
		return in
	}
	in.GoVersion = bi.GoVersion
	if bi.Main.Path == Module && bi.Main.Version != "" {
		in.Version = bi.Main.Version
	}
	if override != "" {
		in.Version = override
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Revision = s.Value
		case "vcs.time":
			in.Time = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		}
	}
	for _, d := range bi.Deps {
		if d.Path == "github.com/pganalyze/pg_query_go/v6" {
			in.PgQuery = d.Version
			if d.Replace != nil {
				in.PgQuery = d.Replace.Version
			}
		}
	}
	return in
}

// Short is the version in one word, for SARIF and JSON: the module version
// when one was stamped ("+dirty" when the work tree was modified), else
// "devel" followed by the commit when known ("devel+abcdef123456").
func (in Info) Short() string {
	if in.Version != "" && in.Version != "(devel)" {
		return in.Version
	}
	v := "devel"
	if in.Revision != "" {
		v += "+" + abbrev(in.Revision)
		if in.Modified {
			v += "-dirty"
		}
	}
	return v
}

func abbrev(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

// String is what `rbcheck version` prints.
func (in Info) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "rbcheck %s\n", in.Short())
	if in.Revision != "" {
		mod := ""
		if in.Modified {
			mod = " (with uncommitted changes)"
		}
		fmt.Fprintf(&b, "  commit:   %s%s\n", in.Revision, mod)
	}
	if in.Time != "" {
		fmt.Fprintf(&b, "  time:     %s\n", in.Time)
	}
	if in.GoVersion != "" {
		fmt.Fprintf(&b, "  go:       %s\n", in.GoVersion)
	}
	pg := "PostgreSQL " + in.Postgres
	if in.Postgres == "" {
		pg = "unknown"
	}
	if in.PgQuery != "" {
		pg += " (pg_query_go " + in.PgQuery + ")"
	}
	fmt.Fprintf(&b, "  parser:   %s\n", pg)
	return b.String()
}
