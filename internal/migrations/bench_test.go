package migrations

import (
	"fmt"
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
