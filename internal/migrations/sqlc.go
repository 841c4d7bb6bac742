package migrations

import (
	"io"
	"io/fs"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// sqlcConfigNames are the names sqlc looks for its configuration under.
var sqlcConfigNames = map[string]bool{"sqlc.yaml": true, "sqlc.yml": true, "sqlc.json": true}

// maxSQLCConfig bounds how much of an sqlc configuration is read.
const maxSQLCConfig = 1 << 20

// sqlcSchemas reads the `schema` entries of an sqlc configuration file
// (version 2's `sql:`, version 1's `packages:`; a string or a list) and
// returns each as a clean path relative to the root of fsys. An entry
// that leaves the tree is left out; nothing it names is read. A file that
// cannot be read or parsed names nothing.
func sqlcSchemas(fsys fs.FS, file string) []string {
	f, err := fsys.Open(file)
	if err != nil {
		return nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSQLCConfig))
	if err != nil {
		return nil
	}
	var cfg struct {
		SQL      []struct{ Schema yaml.Node } `yaml:"sql"`
		Packages []struct{ Schema yaml.Node } `yaml:"packages"`
	}
	if yaml.Unmarshal(data, &cfg) != nil { // JSON is YAML too
		return nil
	}
	var nodes []yaml.Node
	for _, s := range cfg.SQL {
		nodes = append(nodes, s.Schema)
	}
	for _, p := range cfg.Packages {
		nodes = append(nodes, p.Schema)
	}
	dir := path.Dir(file)
	var out []string
	add := func(n *yaml.Node) {
		if n.Kind != yaml.ScalarNode || n.Value == "" || path.IsAbs(n.Value) {
			return
		}
		p := path.Join(dir, strings.TrimPrefix(n.Value, "./"))
		if p == ".." || strings.HasPrefix(p, "../") {
			return
		}
		out = append(out, p)
	}
	for i := range nodes {
		n := &nodes[i]
		switch n.Kind {
		case yaml.ScalarNode:
			add(n)
		case yaml.SequenceNode:
			for _, c := range n.Content {
				add(c)
			}
		}
	}
	return out
}

// sqlcConfig is an sqlc configuration file and the schema paths it names.
type sqlcConfig struct {
	file    string
	schemas []string
}

// namedBySQLC returns the first sqlc configuration file whose schema names
// dir or a file directly in it, "" for none.
func namedBySQLC(cfgs []sqlcConfig, dir string) string {
	for _, c := range cfgs {
		for _, p := range c.schemas {
			if p == dir || path.Dir(p) == dir {
				return c.file
			}
		}
	}
	return ""
}
