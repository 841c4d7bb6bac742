package migrationcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/rbcheck/rbcheck/internal/config"
)

// Settings configure the checks. Zero values defer to .rbcheck.yaml, then
// to the defaults. Relative paths are relative to the root: the directory of
// the configuration file, else the repository root, else the module root.
type Settings struct {
	// Migrations lists migration directories or globs ("" entries ignored).
	// Empty: the configuration's migrations, else discovery.
	Migrations []string `json:"migrations" yaml:"migrations" mapstructure:"migrations"`
	// BaselineSchema is a schema file replayed before the migrations; with
	// one, the schema is complete (see CompleteSchema).
	BaselineSchema string `json:"baseline-schema" yaml:"baseline-schema" mapstructure:"baseline-schema"`
	// Retiring lists tables and columns (table, table.column or
	// schema.table.column) whose every use is reported.
	Retiring []string `json:"retiring" yaml:"retiring" mapstructure:"retiring"`
	// SelectStar is changed (default), always or never.
	SelectStar string `json:"select-star" yaml:"select-star" mapstructure:"select-star"`
	// PGVersion is the Postgres major version (informational).
	PGVersion int `json:"pg-version" yaml:"pg-version" mapstructure:"pg-version"`
	// Config is the path of a .rbcheck.yaml to use instead of searching.
	Config string `json:"config" yaml:"config" mapstructure:"config"`
	// CompleteSchema says the migrations create every table the code uses,
	// so a table they never create is reported.
	CompleteSchema bool `json:"complete-schema" yaml:"complete-schema" mapstructure:"complete-schema"`
	// TagPattern selects release tags (default: release.tag-pattern, "v*").
	TagPattern string `json:"tag-pattern" yaml:"tag-pattern" mapstructure:"tag-pattern"`
	// SearchPath is the schemas unqualified names resolve through, in
	// order (default: the configuration's search-path, else public), for
	// the migrations' names and the code's alike.
	SearchPath []string `json:"search-path" yaml:"search-path" mapstructure:"search-path"`
	// Templates are the values of the migrations' Go-template actions,
	// added to (and overriding) the configuration's templates.
	Templates map[string]string `json:"templates" yaml:"templates" mapstructure:"templates"`
}

func (s Settings) key() string {
	return strings.Join(s.Migrations, ",") + "\x00" + s.BaselineSchema + "\x00" + s.Config + "\x00" +
		fmt.Sprint(s.CompleteSchema) + "\x00" + s.TagPattern + "\x00" + strings.Join(s.SearchPath, ",") + "\x00" +
		fmt.Sprint(s.Templates) // fmt prints maps sorted by key
}

// Validate checks the enumerated values.
func (s Settings) Validate() error {
	switch s.SelectStar {
	case "", "changed", "always", "never":
	default:
		return fmt.Errorf("rbcheck: select-star %q is not one of changed, always, never", s.SelectStar)
	}
	if s.PGVersion != 0 && (s.PGVersion < 9 || s.PGVersion > 30) {
		return fmt.Errorf("rbcheck: pg-version %d is not a Postgres major version (e.g. 17)", s.PGVersion)
	}
	return nil
}

// resolved are the settings merged with the configuration file.
type resolved struct {
	root       string // absolute
	cfg        *config.Config
	migDirs    []string
	formats    map[string]string
	tx         map[string]string // migrations.transaction per entry
	templates  map[string]string
	searchPath []string // configured (SET search_path of the migrations is added when they are read)
	exclude    []string
	baseline   string // relative to root
	complete   bool
	tagPattern string
	retiring   []string
	selectStar string
}

// findRoot returns the directory the configuration lives in, or the
// repository root, or the module root, or dir itself; and the config path.
func findConfig(dir string) (cfgPath, root string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", dir
	}
	modRoot := ""
	for d := abs; ; d = filepath.Dir(d) {
		for _, n := range config.FileNames {
			p := filepath.Join(d, n)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, d
			}
		}
		if exists(filepath.Join(d, ".git")) {
			return "", d
		}
		if modRoot == "" && exists(filepath.Join(d, "go.mod")) {
			modRoot = d
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if modRoot != "" {
		return "", modRoot
	}
	return "", abs
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// resolve merges s with the configuration found from the package directory.
func (s Settings) resolve(pkgDir string) (*resolved, error) {
	var cfg *config.Config
	var root string
	if s.Config != "" {
		p, err := filepath.Abs(s.Config)
		if err != nil {
			return nil, err
		}
		c, err := config.Load(p)
		if err != nil {
			return nil, err
		}
		cfg, root = c, filepath.Dir(p)
	} else {
		p, r := findConfig(pkgDir)
		root = r
		if p != "" {
			c, err := config.Load(p)
			if err != nil {
				return nil, err
			}
			cfg = c
		} else {
			cfg = config.Default()
		}
	}
	r := &resolved{root: root, cfg: cfg, formats: map[string]string{}, tx: map[string]string{}, templates: map[string]string{}}
	if len(s.Migrations) > 0 {
		for _, m := range s.Migrations {
			if m = strings.TrimSpace(m); m != "" {
				r.migDirs = append(r.migDirs, filepath.ToSlash(m))
			}
		}
	} else {
		for _, m := range cfg.Migrations {
			p := filepath.ToSlash(m.Path)
			r.migDirs = append(r.migDirs, p)
			if m.Format != "" {
				r.formats[p] = m.Format
			}
			if m.Transaction != "" {
				r.tx[p] = m.Transaction
			}
		}
	}
	// The settings the CLI reads from .rbcheck.yaml, read the same way:
	// templates (settings add to them), search-path (settings replace it).
	for k, v := range cfg.Templates {
		r.templates[k] = v
	}
	for k, v := range s.Templates {
		r.templates[k] = v
	}
	r.searchPath = cfg.SearchPath
	if len(s.SearchPath) > 0 {
		r.searchPath = s.SearchPath
	}
	r.exclude = cfg.Exclude
	r.baseline = s.BaselineSchema
	if r.baseline == "" {
		r.baseline = cfg.Schema
	}
	r.complete = s.CompleteSchema || r.baseline != ""
	r.tagPattern = s.TagPattern
	if r.tagPattern == "" {
		r.tagPattern = cfg.Release.TagPattern
	}
	if r.tagPattern == "" {
		r.tagPattern = config.DefaultTagPattern
	}
	r.retiring = append(append([]string(nil), cfg.Retiring...), s.Retiring...)
	r.selectStar = s.SelectStar
	if r.selectStar == "" {
		r.selectStar = cfg.SelectStar
	}
	if r.selectStar == "" {
		r.selectStar = config.DefaultSelectStar
	}
	return r, nil
}
