package migrations

import "strings"

// FormatVersionedFolders is the format of this tool.
const FormatVersionedFolders Format = "versioned-folders"

// versioned-folders: one folder per release version holding numbered files,
// {version}/{NN}__{name}.sql (`0.24/00__memo.sql`, `v1.2/01_users.sql`;
// bytebase writes `3.20/0000##migrate_x.sql`), ordered by folder version,
// then file (usememos/memos' and bytebase's migrators; files at the top of
// the folder, such as a LATEST.sql schema for new installs, are not
// migrations). Each file runs in a transaction.
var versionedFolders = register(&Tool{
	Format:   FormatVersionedFolders,
	Aliases:  []string{"folders", "memos"},
	Names:    "{version}/{NN}__{name}.sql or {version}/{NNNN}##{name}.sql",
	Runner:   "memos' migrator (store/migration/{driver}/{version}/NN__name.sql), bytebase's (backend/migrator/migration/{version}/NNNN##name.sql)",
	Parse:    parseVersionedFolder,
	Nested:   true,
	Evidence: evidenceNames,
	Order:    90,
	Tx:       txWrapped,
})

// folderVersion returns the version a folder's whole name is (`0.24`,
// `v1.2`, `12`), "" for any other name.
func folderVersion(dir string) string {
	if len(dir) > 1 && (dir[0] == 'v' || dir[0] == 'V') && isDigit(dir[1]) {
		dir = dir[1:]
	}
	if v := versionToken(dir); v == dir {
		return v
	}
	return ""
}

// versionFolderFile splits rel, an .sql file directly in a version folder,
// into the folder's version and the file's name without ".sql".
func versionFolderFile(rel string) (version, name string, ok bool) {
	dir, file, ok := strings.Cut(rel, "/")
	if !ok || strings.IndexByte(file, '/') >= 0 {
		return "", "", false
	}
	version = folderVersion(dir)
	if version == "" {
		return "", "", false
	}
	name, ok = trimSQL(file)
	if !ok {
		return "", "", false
	}
	return version, name, true
}

func parseVersionedFolder(rel string) (Name, bool) {
	fv, s, ok := versionFolderFile(rel)
	if !ok {
		return Name{}, false
	}
	v := leadingDigits(s)
	rest, hashes := strings.CutPrefix(s[len(v):], "##")
	if !hashes {
		rest = strings.TrimLeft(s[len(v):], "_")
	}
	if v == "" || len(rest) == len(s)-len(v) {
		return Name{}, false // no version, or no underscore (or ##) after it
	}
	return Name{Version: fv + "/" + v, Title: rest}, true
}
