package migrations

import (
	"io/fs"
	"path"
	"strings"
)

// FormatFolderPerMigration is the format of this tool.
const FormatFolderPerMigration Format = "folder-per-migration"

// folder-per-migration: each migration is a folder named by its version,
// holding up.sql and down.sql (`1528395834/up.sql`,
// `1648115472_do_the_thing/up.sql`), ordered by version (Sourcegraph's
// migrator; it runs up.sql in a transaction unless the folder's
// metadata.yaml says createIndexConcurrently: true).
var folderPerMigration = register(&Tool{
	Format:   FormatFolderPerMigration,
	Aliases:  []string{"sourcegraph"},
	Names:    "{version}[_{name}]/up.sql and down.sql",
	Runner:   "Sourcegraph's migrator (migrations/{db}/{id}/up.sql, down.sql, metadata.yaml)",
	Parse:    parseFolderPerMigration,
	Nested:   true,
	Evidence: evidenceNames,
	Order:    100,
	Tx:       txWrapped,
	Pairs:    true,
	NoTx:     metadataNoTx,
})

func parseFolderPerMigration(rel string) (Name, bool) {
	dir, file, ok := strings.Cut(rel, "/")
	if !ok {
		return Name{}, false
	}
	down := false
	switch strings.ToLower(file) {
	case "up.sql":
	case "down.sql":
		down = true
	default:
		return Name{}, false
	}
	v := leadingDigits(dir)
	rest := dir[len(v):]
	if v == "" || (rest != "" && rest[0] != '_' && rest[0] != '-') {
		return Name{}, false
	}
	if rest != "" {
		rest = rest[1:]
	}
	return Name{Version: v, Title: rest, Down: down}, true
}

// metadataNoTx reads the migration folder's metadata.yaml.
func metadataNoTx(fsys fs.FS, rel string) bool {
	data, err := fs.ReadFile(fsys, path.Join(path.Dir(rel), "metadata.yaml"))
	if err != nil {
		return false
	}
	for _, l := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "createIndexConcurrently", "noTransaction":
			if strings.TrimSpace(v) == "true" {
				return true
			}
		}
	}
	return false
}
