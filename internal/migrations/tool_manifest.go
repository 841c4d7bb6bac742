package migrations

import (
	"encoding/json"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// FormatManifestFolders is the format of this tool.
const FormatManifestFolders Format = "manifest-folders"

// manifest-folders: one folder per schema version, `v1.16/`, holding a
// manifest.json whose SchemaUpdateCqlFiles lists the folder's .sql files in
// the order they run (temporalio/temporal's schema/postgresql/v12/*/versioned
// and Cadence's, applied by temporal-sql-tool update-schema). Versions run
// in version order; the tool sends each statement on its own, without a
// transaction. A .sql file the manifest does not list is not run.
var manifestFolders = register(&Tool{
	Format:   FormatManifestFolders,
	Aliases:  []string{"temporal", "temporal-sql-tool", "cadence"},
	Names:    "{version}/{name}.sql listed in {version}/manifest.json",
	Runner:   "temporal-sql-tool update-schema (schema/postgresql/v12/{db}/versioned/vX.Y/manifest.json)",
	Parse:    parseManifestFolder,
	Nested:   true,
	Claims:   manifestClaims,
	Evidence: evidenceClaimed,
	Order:    95,
	Tx:       txNone,
	Arrange:  arrangeByManifest,
})

func parseManifestFolder(rel string) (Name, bool) {
	fv, s, ok := versionFolderFile(rel)
	if !ok || s == "" {
		return Name{}, false
	}
	return Name{Version: fv, Title: s}, true
}

// manifestClaims: a version folder holds a manifest.json.
func manifestClaims(names []string, _ []*candidate) bool {
	for _, n := range names {
		if d, f, ok := strings.Cut(n, "/"); ok && f == "manifest.json" && folderVersion(d) != "" {
			return true
		}
	}
	return false
}

// arrangeByManifest orders each version folder's files as its manifest.json
// lists them (the version becomes "1.16/0", "1.16/1", …) and says why a
// file does not run: the manifest does not list it, or the folder has no
// manifest the tool can read. A file a selection names is kept, after the
// listed ones.
func arrangeByManifest(fsys fs.FS, dir string, cands []*candidate) []string {
	manifests := map[string]*manifest{}
	why := make([]string, len(cands))
	extra := map[string]int{}
	for i, c := range cands {
		sub, file, ok := strings.Cut(c.name, "/")
		if !ok {
			continue
		}
		m := manifests[sub]
		if m == nil {
			m = readManifest(fsys, path.Join(dir, sub, "manifest.json"))
			manifests[sub] = m
		}
		fv := folderVersion(sub)
		if idx, ok := m.order[file]; ok {
			c.n.Version = fv + "/" + strconv.Itoa(idx)
			continue
		}
		if c.selected {
			c.n.Version = fv + "/" + strconv.Itoa(m.n+extra[sub])
			extra[sub]++
			continue
		}
		if m.err != "" {
			why[i] = sub + "/manifest.json " + m.err + ", so the tool does not run the folder"
		} else {
			why[i] = "not listed in " + sub + "/manifest.json (SchemaUpdateCqlFiles), so the tool does not run it"
		}
	}
	return why
}

// manifest is what a version folder's manifest.json lists.
type manifest struct {
	order map[string]int // file name → place in SchemaUpdateCqlFiles
	n     int
	err   string // why it could not be read
}

// readManifest reads the files a version folder's manifest.json lists.
func readManifest(fsys fs.FS, p string) *manifest {
	m := &manifest{order: map[string]int{}}
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		m.err = "cannot be read (" + errMsg(err) + ")"
		return m
	}
	var doc struct {
		SchemaUpdateCqlFiles []string
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		m.err = "is not valid JSON (" + err.Error() + ")"
		return m
	}
	for i, f := range doc.SchemaUpdateCqlFiles {
		if _, dup := m.order[f]; !dup {
			m.order[f] = i
		}
	}
	m.n = len(doc.SchemaUpdateCqlFiles)
	return m
}
