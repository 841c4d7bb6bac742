#!/usr/bin/env bash
# build-golangci.sh OUT — build golangci-lint v2.15.0 with the rbcheck module
# plugin linked in, into the file OUT.
#
# The build happens in a throw-away wrapper module whose main calls
# golangci-lint's commands.Execute and blank-imports
# github.com/rbcheck/rbcheck/plugin (replaced by this checkout). It needs
# only the Go module proxy, not git. The binary is cached in
# ${RBCHECK_GOLANGCI_CACHE:-$HOME/.cache/rbcheck-golangci}, keyed by a hash of
# go.mod, go.sum, every non-test Go file linked in and this script, so a
# second run with unchanged sources only copies it (about 75 s cold, ~0 s warm).
set -euo pipefail

GCL_VERSION=v2.15.0
out=${1:?usage: scripts/build-golangci.sh OUT}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${RBCHECK_GOLANGCI_CACHE:-${HOME:-/tmp}/.cache/rbcheck-golangci}

key=$(
	cd "$repo"
	{
		echo "$GCL_VERSION $(go env GOVERSION) $(go env GOOS)/$(go env GOARCH)"
		cat go.mod go.sum "scripts/build-golangci.sh"
		find analyzer internal plugin rules -name '*.go' ! -name '*_test.go' ! -path '*/testdata/*' -print0 |
			sort -z | xargs -0 sha256sum
	} | sha256sum | cut -c1-16
)
bin="$cache/golangci-lint-$GCL_VERSION-rbcheck-$key"

if [[ ! -x "$bin" ]]; then
	mkdir -p "$cache"
	work=$(mktemp -d "${TMPDIR:-/tmp}/rbcheck-golangci.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	cat >"$work/main.go" <<'GO'
// Command golangci-lint is golangci-lint with the rbcheck plugin linked in.
package main

import (
	"fmt"
	"os"
	"runtime"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/rbcheck/rbcheck/plugin"
)

func main() {
	info := commands.BuildInfo{Version: "2.15.0-rbcheck", Commit: "rbcheck", Date: "(unknown)", GoVersion: runtime.Version()}
	if err := commands.Execute(info); err != nil {
		_, _ = fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
GO
	(
		cd "$work"
		export GOFLAGS=-mod=mod GOWORK=off
		go mod init rbcheck-golangci >/dev/null 2>&1
		go mod edit -replace "github.com/rbcheck/rbcheck=$repo"
		go mod edit -require "github.com/rbcheck/rbcheck@v0.0.0-00010101000000-000000000000"
		go get "github.com/golangci/golangci-lint/v2@$GCL_VERSION" >/dev/null 2>&1 ||
			go get "github.com/golangci/golangci-lint/v2@$GCL_VERSION"
		go mod tidy >/dev/null 2>&1 || go mod tidy
		tools=$(go list -m -f '{{.Version}}' golang.org/x/tools)
		if [[ "$tools" != "v0.52.0" ]]; then
			echo "build-golangci.sh: golang.org/x/tools resolved to $tools, want v0.52.0 (what golangci-lint $GCL_VERSION pins)" >&2
			exit 1
		fi
		# one retry: a build cache trimmed or cleaned by a concurrent go
		# command shows up as "could not import … (open : no such file)"
		go build -trimpath -o "$bin.tmp" . || go build -trimpath -o "$bin.tmp" .
	)
	mv "$bin.tmp" "$bin"
fi

mkdir -p "$(dirname "$out")"
cp "$bin" "$out.tmp.$$"
mv "$out.tmp.$$" "$out"
chmod +x "$out"
