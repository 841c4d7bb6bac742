package migrations

import (
	"fmt"
	"regexp"
	"testing"
	"testing/fstest"
)

func BenchmarkLoad200GooseFiles(b *testing.B) {
	fsys := fstest.MapFS{}
	for i := 1; i <= 200; i++ {
		fsys[fmt.Sprintf("db/migrations/%05d_m.sql", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"-- +goose Up\nCREATE TABLE t%d (id bigint PRIMARY KEY, name text NOT NULL);\nALTER TABLE t%d ADD COLUMN email text;\nCREATE INDEX ON t%d (email);\n\n-- +goose Down\nDROP TABLE t%d;\n", i, i, i, i))}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		set, err := LoadFS(fsys, nil, Options{})
		if err != nil || len(set.Files) != 200 {
			b.Fatal(err, len(set.Files))
		}
	}
}

// The hand-written name and marker recognisers against the regexps they
// replaced (markers_test.go), on the same 200 goose files: compare the two
// sub-benchmarks of one run.
func BenchmarkRecognise(b *testing.B) {
	var names, srcs []string
	for i := 1; i <= 200; i++ {
		names = append(names, fmt.Sprintf("%05d_create_table_%d.sql", i, i))
		srcs = append(srcs, fmt.Sprintf("-- a comment about t%d\nCREATE TABLE t%d (id bigint PRIMARY KEY, name text NOT NULL);\n-- +goose Up\nALTER TABLE t%d ADD COLUMN email text;\n\n-- +goose Down\nDROP TABLE t%d;\n", i, i, i, i))
	}
	reNumbered := regexp.MustCompile(`^([0-9]+)(?:[_\-.](.*))?\.sql$`)
	b.Run("handwritten", func(b *testing.B) {
		for range b.N {
			for i, n := range names {
				if _, ok := numbered(n); !ok || !hasMarkerLine(srcs[i], gooseMarker) {
					b.Fatal(n)
				}
			}
		}
	})
	b.Run("regexp", func(b *testing.B) {
		for range b.N {
			for i, n := range names {
				if reNumbered.FindStringSubmatch(n) == nil || !reGoose.MatchString(srcs[i]) {
					b.Fatal(n)
				}
			}
		}
	})
}
