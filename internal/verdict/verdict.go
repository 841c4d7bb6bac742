// Package verdict decides whether a release can be rolled back: it finds the
// release's new migrations, lints them against the schema the previous
// release left, looks up every backward-incompatible change in what the
// previous release's Go code really uses, and returns rollback-safe or
// roll-forward-only with the evidence.
package verdict

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/lint"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/rules"
)

// Verdicts.
const (
	RollbackSafe    = "rollback-safe"
	RollForwardOnly = "roll-forward-only"
)

// StarRule is the verdict's own finding: SELECT * or INSERT without a column
// list in old code on a table whose column set the release changes.
const StarRule = "select-star-column-set"

// ModifiedRule reports a migration that existed in the old release and was
// edited since: the edit never runs where the old version was applied.
const ModifiedRule = "modified-migration"

// Tree is one side of the comparison: a directory holding a release's files.
type Tree struct {
	Root string // directory on disk (an extracted revision or a work tree)
	// FS, when set, is the revision's files read from git: migrations,
	// the schema file and configuration come from it, and Root holds only
	// what the Go analysis reads (or is "" when the tree's Go code is not
	// read).
	FS     fs.FS
	Label  string // what the user named: a tag, a SHA, a directory
	Commit string // resolved commit, "" for a directory
	// Unread lists what reading the tree left out (a file that could not
	// be extracted).
	Unread []Unread
	// Submodules are the tree's git submodules; Check says which ones it
	// could not read (unknown when migrations may lie in them).
	Submodules []Submodule
}

// Submodule is a git submodule of a tree.
type Submodule struct {
	Path      string
	Commit    string
	Available bool   // its files are part of the tree
	Reason    string // why not
}

// Ack acknowledges a knowingly roll-forward-only migration (from config).
type Ack struct {
	Migration string // path or base name of the migration file
	Reason    string
}

// Options configure a check.
type Options struct {
	Migrations MigrationOptions
	Schema     string // baseline schema file, relative to each tree's root ("" = none)
	Lint       lint.Options
	Strict     bool // partial/dynamic SQL that may touch an affected object blocks
	// AllowUnread turns the unknown verdict back into the verdict of what
	// was read (the unread items are still reported).
	AllowUnread bool
	Acks        []Ack
	// SearchPath: the schemas an unqualified table name of the old code is
	// looked up in (DefaultSearchPath when empty), before those OLD's
	// migrations SET search_path to (see SearchPath).
	SearchPath []string
	// GoExclude lists globs of Go files whose SQL is not the release's
	// (go.exclude in .rbcheck.yaml), besides Migrations.Exclude.
	GoExclude []string
	// Code scans a tree's Go code. Injected so the verdict does not depend on
	// a particular driver (and tests can use a fake).
	// It gets the old tree: its Root on disk, or its FS (a revision).
	Code func(t Tree, schema *catalog.Catalog) (*OldCode, error)
}

// MigrationInfo describes one migration file of the new release.
type MigrationInfo struct {
	Path     string `json:"path"`
	Version  string `json:"version"`
	New      bool   `json:"new"`
	Modified bool   `json:"modified,omitempty"`
	// Down is "missing", "restoring", "lossy" or "" for migrations that are
	// not new; DownNote says why.
	Down     string `json:"down,omitempty"`
	DownNote string `json:"down_note,omitempty"`
}

// Item is a finding with its verdict evidence.
type Item struct {
	rules.Finding
	Blocking     bool
	Acknowledged bool
	AckReason    string
	Evidence     Evidence
	Recipe       []string // the expand/contract steps that would have made it safe
	// Uses are the uses of old code the rule declares the item's change
	// breaks (rules.Break), which the evidence was looked up for.
	Uses []rules.Use `json:"-"`
	// Change is the net change the item is about (nil for a lint finding
	// that is not about one).
	Change *change.Change `json:"-"`
}

// Warning is something the release engineer should look at that does not
// decide the verdict (unless --strict).
type Warning struct {
	Message string `json:"message"`
	Site    *Site  `json:"site,omitempty"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
}

// Result is the verdict for one release.
type Result struct {
	Old, New Tree
	Verdict  string
	// ReadVerdict is the verdict of what was read: Verdict, unless Verdict
	// is Unknown because of Unread.
	ReadVerdict  string
	Acknowledged bool // roll-forward-only, but every blocking finding is acknowledged
	// Unread lists what rbcheck could not read: with any, the verdict is
	// Unknown unless Options.AllowUnread.
	Unread     []Unread
	Migrations []MigrationInfo
	// NewFiles are the release's new migrations in the order Check judged
	// them: the SQL files, and the constant SQL NEW's Go code runs (Format
	// GoCode, one File per Go file) in its place. `rbcheck verify` applies
	// them in this order.
	NewFiles []*migrations.File `json:"-"`
	// When the migrations are a Go runner's steps, the schema before the
	// release is OLD's schema file (OldSchemaFile) or OLD's steps'
	// statements replayed in order (OldSteps). `rbcheck verify` builds it
	// the same way.
	OldSchemaFile       string         `json:"-"`
	OldSteps            []*sqlast.Stmt `json:"-"`
	Findings            []Item
	Warnings            []Warning
	Errors              []*sqlast.ParseError
	OldCodeSites        int // how many SQL sites the old code has (for the summary)
	NewMigrationCount   int
	BlockingCount       int
	UnacknowledgedCount int
}

// Check compares two trees.
func Check(oldT, newT Tree, opts Options) (*Result, error) {
	res := &Result{Old: oldT, New: newT}
	oldSet, err := loadMigrations(oldT, opts.Migrations)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", oldT.Label, err)
	}
	newSet, err := loadMigrations(newT, opts.Migrations)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", newT.Label, err)
	}

	// The schema before the release: OLD's baseline plus OLD's migrations.
	base := catalog.NewCatalog()
	if opts.Schema != "" {
		if b, errs, ok := loadSchema(oldT, opts.Schema); ok {
			base = b
			res.Errors = append(res.Errors, errs...)
		}
	}
	// The migrations' unqualified names resolve through the configured
	// search path too (rules, replay and net changes alike).
	base.SetPath(opts.SearchPath)
	// A release whose migrations are a Go runner's steps (no SQL files):
	// the schema before it is OLD's steps replayed, or OLD's schema file.
	gr := readGoRunners(oldT, newT, opts, newSet)
	if gr != nil {
		var errs []*sqlast.ParseError
		var ws []Warning
		base, errs, ws = gr.baseline(oldT, base, opts.SearchPath)
		res.OldSchemaFile, res.OldSteps = gr.schemaFile, gr.oldStmts
		res.Errors = append(res.Errors, errs...)
		res.Warnings = append(res.Warnings, ws...)
		res.Warnings = append(res.Warnings, gr.warnings...)
	}
	for _, f := range oldSet.Files {
		if f.Up == nil || f.Kind == migrations.Undo {
			continue
		}
		for _, s := range f.Up.Stmts {
			base.Apply(s, catalog.Existing)
		}
	}
	before := base.Clone()

	newFiles, infos, modified := classify(oldSet, newSet, oldT.Label, newT.Label)
	// Schema changes NEW's Go code makes (Go migrations, DDL run with
	// Exec), new in the release: read like migrations, or listed unread.
	gc := readGoChanges(oldT, newT, opts)
	if gr != nil {
		gr.dropGoSites(&gc)
		newFiles = append(newFiles, gr.newFiles...)
	}
	newFiles, goWarns := mergeGoFiles(newFiles, gc.files)
	res.Warnings = append(res.Warnings, gc.warnings...)
	res.Warnings = append(res.Warnings, goWarns...)
	res.Migrations = goInfos(infos, newFiles)
	res.NewFiles = newFiles
	res.NewMigrationCount = len(newFiles)
	res.Unread = append(res.Unread, emptyRange(oldT, newT)...)
	res.Unread = append(res.Unread, oldT.Unread...)
	res.Unread = append(res.Unread, newT.Unread...)
	for _, u := range unreadMigrations(newFiles, oldSet, newSet, newT.Label) {
		if u.Kind == UnreadUnknownFmt && (gc.fullyRead[u.File] || gc.unreadIn(u.File)) {
			continue // a goose Go migration whose SQL was read, or whose unread sites are listed
		}
		if u.Kind == UnreadNoMatch && len(newSet.GoOnly) > 0 {
			if gr != nil && len(newSet.Unmatched) == 0 {
				continue // the Go runner's steps are the migrations
			}
			u.Reason += goOnlyRead(newSet.GoOnly, gc.files)
		}
		if gr != nil && u.Kind == UnreadSyntax && gr.files[u.File] {
			continue // said by the runner's own items
		}
		res.Unread = append(res.Unread, u)
	}
	res.Unread = append(res.Unread, gc.unread...)
	if gr != nil {
		res.Unread = append(res.Unread, gr.unread...)
	}
	if len(opts.Migrations.Dirs) == 0 && len(opts.Migrations.Include) == 0 {
		res.Unread = append(res.Unread, unreadableFolders(newT)...)
	}
	for _, t := range []Tree{oldT, newT} {
		u, w := submoduleUnread(t, opts.Migrations)
		res.Unread = append(res.Unread, u...)
		res.Warnings = append(res.Warnings, w...)
	}

	lr := lint.Run(base, newFiles, opts.Lint)
	res.Errors = append(res.Errors, lr.Errors...)
	after := lr.Catalog

	var oc *OldCode
	if opts.Code != nil {
		oc, err = opts.Code(oldT, before)
		if err != nil {
			return nil, fmt.Errorf("reading %s's Go code: %w", oldT.Label, err)
		}
	}
	if oc == nil {
		oc = &OldCode{}
	}
	// SQL in OLD's own migration files (embedded into the binary to run at
	// start-up) has already run; it is not what the running code uses.
	oc.dropFiles(oldSet, discovered(oldT))
	if gr != nil {
		oc.dropIf(gr.inRunner) // SQL the runner's steps ran once
	}
	oc.dropLoaded()
	oc.resolveSchemas(before, SearchPath(opts.SearchPath, oldSet))
	res.OldCodeSites = len(oc.Queries)
	res.Unread = append(res.Unread, oc.Unread...)

	// The release's net changes to what the old code runs on, replayed
	// over base itself (lint.Run worked on a copy of it; before is another).
	changes, steps := change.ComputeSteps(base, newFiles)
	if gr != nil {
		us, ws := gr.histItems(changes, oldT.Label)
		res.Unread = append(res.Unread, us...)
		res.Warnings = append(res.Warnings, ws...)
		res.Unread = append(res.Unread, gr.computedRewrites(newFiles, oc)...)
	}

	findings := append([]rules.Finding(nil), lr.Findings...)
	findings = append(findings, modified...)

	acks := collectAcks(newFiles, opts.Acks)
	affected := map[string]bool{}
	var sw siteWarnings
	for _, it := range judge(findings, lr.Suppressed, changes, steps, opts.Lint, oc, before, opts.Strict) {
		f := it.Finding
		if f.Effect == rules.BreaksOldCode {
			if f.Object.Table != "" {
				affected[key(sqlast.Name{Schema: f.Object.Schema, Name: f.Object.Table})] = true
			}
			for _, s := range it.Evidence.Possible {
				sw.add(it, s, false)
			}
			for _, s := range it.Evidence.Unreachable {
				sw.add(it, s, true)
			}
			if w, ok := unseenKeyWarning(it); ok {
				res.Warnings = append(res.Warnings, w)
			}
			res.Unread = append(res.Unread, it.Evidence.Unread...)
		}
		if it.Blocking {
			if reason, ok := acks.match(f); ok {
				it.Acknowledged, it.AckReason = true, reason
			}
		}
		res.Findings = append(res.Findings, it)
	}
	res.Warnings = append(res.Warnings, sw.warnings()...)
	// Unresolvable SQL in the old code may touch what the release breaks.
	if len(affected) > 0 {
		seen := map[string]bool{}
		for _, d := range oc.Dynamic {
			d := d
			// one warning a line: two statements built on one line (sqlc's
			// two strings.Replace branches of a slice query) say the same
			at := fmt.Sprintf("%s:%d", d.File, d.Line)
			if seen[at] {
				continue
			}
			seen[at] = true
			res.Warnings = append(res.Warnings, Warning{
				Message: fmt.Sprintf("old code builds SQL at run time at %s:%d that rbcheck cannot read: check it does not use the objects this release changes", d.File, d.Line),
				Site:    &d,
			})
		}
	}
	// Calls into database libraries rbcheck does not read may use what
	// the release changes.
	var affectedNames []string
	for k := range affected {
		affectedNames = append(affectedNames, strings.TrimPrefix(k, "public."))
	}
	sort.Strings(affectedNames)
	res.Unread = append(res.Unread, unreadLibraries(oc.LibUses, affectedNames)...)
	downNotes(res, newFiles, before)
	_ = after

	sort.SliceStable(res.Findings, func(i, j int) bool {
		a, b := res.Findings[i], res.Findings[j]
		if a.Blocking != b.Blocking {
			return a.Blocking
		}
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		return a.Pos.Line < b.Pos.Line
	})
	res.Verdict = RollbackSafe
	for _, it := range res.Findings {
		if it.Blocking {
			res.BlockingCount++
			if !it.Acknowledged {
				res.UnacknowledgedCount++
			}
		}
	}
	if res.BlockingCount > 0 {
		res.Verdict = RollForwardOnly
		res.Acknowledged = res.UnacknowledgedCount == 0
	}
	res.ReadVerdict = res.Verdict
	if unknown(res) && !opts.AllowUnread {
		res.Verdict = Unknown
		res.Acknowledged = false // acknowledgements cover what was read only
	}
	return res, nil
}

// unknown reports whether what was not read leaves the verdict unknown.
// Old code rbcheck does not read (a library's calls) can only add breaks:
// it cannot make a roll-forward-only verdict safe, so that verdict stands.
func unknown(res *Result) bool {
	for _, u := range res.Unread {
		if u.Kind != UnreadLibrary || res.Verdict != RollForwardOnly {
			return true
		}
	}
	return false
}

func objectLabel(o rules.Object) string {
	switch {
	case o.Column != "":
		return fmt.Sprintf("%q", o.Table+"."+o.Column)
	case o.Table != "":
		return fmt.Sprintf("%q", o.Table)
	case o.Name != "":
		return fmt.Sprintf("%s %q", o.Type, o.Name)
	}
	return string(o.Type)
}

// classify decides which of NEW's migrations are new in this release: a file
// is not new when OLD had one with the same version and name, or with the same
// content (moved or copied to another folder). Same version and name with other
// content is a modified migration.
func classify(oldSet, newSet *migrations.Set, oldLabel, newLabel string) ([]*migrations.File, []MigrationInfo, []rules.Finding) {
	byID := map[string]*migrations.File{}
	byHash := map[string]bool{}
	for _, f := range oldSet.Files {
		byID[fileID(f)] = f
		if f.Hash != "" {
			byHash[f.Hash] = true
		}
	}
	var newFiles []*migrations.File
	var infos []MigrationInfo
	var mods []rules.Finding
	for _, f := range newSet.Files {
		info := MigrationInfo{Path: f.Path, Version: f.Version}
		old, sameID := byID[fileID(f)]
		switch {
		case f.Kind == migrations.Undo:
			continue
		case f.Kind == migrations.Repeatable:
			// repeatable migrations re-run when their content changes
			if !byHash[f.Hash] {
				info.New = true
				newFiles = append(newFiles, f)
			}
		case sameID && old.Hash != f.Hash && f.Hash != "" && !byHash[f.Hash]:
			info.Modified = true
			pos := sqlast.Pos{File: f.Path, Line: 1, Col: 1}
			if f.Up != nil && len(f.Up.Stmts) > 0 {
				pos = f.Up.Stmts[0].Pos
			}
			mods = append(mods, rules.Finding{
				Rule: ModifiedRule, Severity: rules.Warning, Effect: rules.NoEffect, Pos: pos,
				Message: fmt.Sprintf("migration %q was already released in %s and has been edited: databases that ran the old version never run the edit", f.Path, oldLabel),
				Help:    "revert the edit and put the change in a new migration",
				Object:  rules.Object{Type: "migration", Name: f.Path},
			})
		case sameID || byHash[f.Hash]:
		default:
			info.New = true
			newFiles = append(newFiles, f)
		}
		infos = append(infos, info)
	}
	// A migration OLD released that NEW has neither under its version and
	// name nor by content (a release branch's own migration, or a released
	// file deleted since): databases that ran it keep its effects, which
	// NEW's migrations do not know of.
	newID := map[string]bool{}
	newHash := map[string]bool{}
	for _, f := range newSet.Files {
		newID[fileID(f)] = true
		if f.Hash != "" {
			newHash[f.Hash] = true
		}
	}
	for _, f := range oldSet.Files {
		if f.Kind == migrations.Undo || f.Kind == migrations.Repeatable || newID[fileID(f)] || (f.Hash != "" && newHash[f.Hash]) {
			continue
		}
		mods = append(mods, rules.Finding{
			Rule: ModifiedRule, Severity: rules.Warning, Effect: rules.NoEffect, Pos: sqlast.Pos{File: f.Path, Line: 1, Col: 1},
			Message: fmt.Sprintf("migration %q was released in %s and is not in %s: databases that ran it keep what it did, and a fresh database never runs it", f.Path, oldLabel, newLabel),
			Help:    "keep the released migration in the new release (or its content under the same version)",
			Object:  rules.Object{Type: "migration", Name: f.Path},
		})
	}
	return newFiles, infos, mods
}

func fileID(f *migrations.File) string {
	if f.Kind == migrations.Repeatable {
		return "R:" + strings.ToLower(f.Name)
	}
	return strings.TrimLeft(f.Version, "0") + ":" + strings.ToLower(f.Name)
}
