// Package verify proves a release verdict against a real PostgreSQL: it
// builds the previous release's schema in a scratch database, prepares and
// plans every statement the previous release's code runs, applies the new
// release's migrations the way their tool would (recording the locks they
// take on existing tables), and prepares and plans the same statements
// again. A statement that worked before and fails after is what breaks a
// rollback; the result is compared with the static verdict.
package verify

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/internal/verdict"
	"github.com/rbcheck/rbcheck/rules"
)

// Options configure a verification.
type Options struct {
	Verdict verdict.Options
	// DSN connects to the server. Verify creates its scratch database from
	// this connection; the DSN's own database is only used to connect.
	DSN string
	// AllowNonEmpty lets DSN name a database that has tables
	// (--i-know-this-is-scratch).
	AllowNonEmpty bool
	// OnScratch, when set, is called with the scratch database's name once
	// it exists (for progress output; tests cancel there).
	OnScratch func(name string)
	// OnNote, when set, receives notes for the user (stale scratch
	// databases of earlier runs removed).
	OnNote func(note string)
	// SuperuserOK lets DSN connect as a superuser (--dsn-superuser-ok; the
	// throwaway cluster's own superuser). The migrations never run as one.
	SuperuserOK bool
	// ConnectTimeout bounds connecting (default: the DSN's connect_timeout,
	// else DefaultConnectTimeout); StatementTimeout is the migrations'
	// statement_timeout (default DefaultStatementTimeout).
	ConnectTimeout, StatementTimeout time.Duration
}

// Failure is an old-code statement that worked on the old schema and fails
// (or changes shape) after the release's migrations.
type Failure struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	SQL      string `json:"sql"`
	SQLState string `json:"sqlstate"`
	Message  string `json:"message"`
	// Check is what failed: prepare, plan, insert-run (the old INSERT ran
	// with sample values and violated NOT NULL), insert-not-null,
	// result-columns, types, column-identity, enum-label, fk-action (a
	// foreign key now rejects the old DELETE), fk-dropped (a cascading key
	// the old DELETE relied on is gone; no statement fails).
	Check string `json:"check"`
	// Static says whether the static verdict blocked on this site too.
	Static bool `json:"static"`
}

// MigrationError is a migration statement Postgres refused.
type MigrationError struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	SQL      string `json:"sql"`
	SQLState string `json:"sqlstate"`
	Message  string `json:"message"`
	Old      bool   `json:"old"` // one of the old release's migrations
	// NeedsPrivileges: Postgres refused the statement for lack of
	// privileges (42501) that verify's sandbox does not grant.
	NeedsPrivileges bool `json:"needs_privileges,omitempty"`
	// AfterGoMigration is the goose Go migration that ran before this one
	// in production (the nearest before it in its folder): verify cannot
	// run it, so the error may come from the schema it makes. The
	// migration is then not checkable, not wrong.
	AfterGoMigration string `json:"after_go_migration,omitempty"`
}

// AllAfterGoMigrations reports whether every migration error came after a
// Go migration verify could not run (and there is at least one).
func (pg *Postgres) AllAfterGoMigrations() bool {
	for _, m := range pg.MigrationErrors {
		if m.AfterGoMigration == "" {
			return false
		}
	}
	return len(pg.MigrationErrors) > 0
}

// goBefore is the Go migration of gos nearest before f in f's folder, ""
// when there is none.
func goBefore(gos []string, f *migrations.File) string {
	if f == nil || f.Version == "" {
		return ""
	}
	best, bestV := "", ""
	for _, g := range gos {
		if path.Dir(g) != path.Dir(f.Path) {
			continue
		}
		v := leadingDigits(path.Base(g))
		if versionLess(v, f.Version) && (best == "" || versionLess(bestV, v)) {
			best, bestV = g, v
		}
	}
	return best
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// versionLess compares two goose versions (digits) as numbers.
func versionLess(a, b string) bool {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// Lock is a lock a new migration statement took on a table that existed
// before the release, seen in pg_locks inside the migration's transaction.
type Lock struct {
	File  string `json:"file"`
	Line  int    `json:"line"`
	Table string `json:"table"`
	Mode  string `json:"mode"`
}

// Unconfirmed is a site the static verdict blocks on that Postgres did not
// see fail, with the reason.
type Unconfirmed struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Rule string `json:"rule"`
	Why  string `json:"why"`
}

// Postgres is what the real database said.
type Postgres struct {
	Verdict         string           `json:"verdict"`
	ServerVersion   string           `json:"server_version"`
	Checked         int              `json:"checked"`       // exact statements prepared on the old schema
	NotCheckable    []Failure        `json:"not_checkable"` // exact statements that already failed on the old schema
	Failures        []Failure        `json:"failures"`
	MigrationErrors []MigrationError `json:"migration_errors"`
	// NotApplied are the schema changes of the release verify could not
	// apply (Go code's run-time SQL): with any, the verdict is unknown.
	NotApplied []NotApplied `json:"not_applied"`
	// AlreadyThere are statements of the release's Go code that failed
	// because what they create already exists, where the Go code checks
	// for that error and goes on (shiori's `already exists`): the
	// database keeps what was there, as in production.
	AlreadyThere []MigrationError `json:"already_there"`
	Locks        []Lock           `json:"locks"`
	LocksNote    string           `json:"locks_note,omitempty"`
	// LockFindings confirms or refutes each static locking finding with the
	// locks Postgres reported for its statement.
	LockFindings []LockFinding `json:"lock_findings"`
}

// LockFinding is a static locking finding and what pg_locks showed for its
// statement.
type LockFinding struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Rule      string `json:"rule"`
	Confirmed bool   `json:"confirmed"`
	Locks     []Lock `json:"locks"`
	Note      string `json:"note,omitempty"`
}

// Report is a verification: the static verdict, Postgres's, and whether
// they agree.
type Report struct {
	Static    *verdict.Result
	Postgres  Postgres
	Agreement bool
	// Missed are Postgres failures at sites the static verdict did not
	// block on: each is a bug in rbcheck.
	Missed []Failure
	// Unconfirmed are static blocking sites Postgres did not see fail.
	Unconfirmed []Unconfirmed
	Database    string // the scratch database's name (dropped)
}

// ErrNotScratch is returned when the DSN's database has tables.
var ErrNotScratch = errors.New("not a scratch server")

// Run verifies OLD..NEW. The scratch database is always dropped before Run
// returns, also when ctx is cancelled.
func Run(ctx context.Context, oldT, newT verdict.Tree, opts Options) (*Report, error) {
	static, err := verdict.Check(oldT, newT, opts.Verdict)
	if err != nil {
		return nil, err
	}
	oldFiles, _, err := verdict.Migrations(oldT, newT, opts.Verdict.Migrations)
	if err != nil {
		return nil, err
	}
	// The release's migrations as the verdict judged them: its SQL files
	// and, in their place, the constant SQL NEW's Go code runs (a goose Go
	// migration by its version, other Go code after the SQL files).
	newFiles := static.NewFiles
	// What the release changes that verify cannot apply: SQL NEW's Go code
	// builds at run time, an ORM's schema call, a Go migration whose SQL
	// rbcheck does not see.
	notApplied, noSchema := notAppliedOf(static)
	if noSchema {
		newFiles = withoutGoCode(newFiles)
	}
	// goose Go migrations verify did not run: OLD's (their SQL is not read)
	// and NEW's not applied whole
	var gos []string
	for _, t := range []verdict.Tree{oldT, newT} {
		g, err := verdict.GoMigrations(t, opts.Verdict.Migrations)
		if err != nil {
			return nil, err
		}
		gos = append(gos, g...)
	}
	gos = notRun(gos, newFiles, notApplied)
	var oc *verdict.OldCode
	if opts.Verdict.Code != nil {
		oc, err = opts.Verdict.Code(oldT, oldCatalog(oldT, opts.Verdict.Schema, oldFiles))
		if err != nil {
			return nil, fmt.Errorf("reading %s's Go code: %w", oldT.Label, err)
		}
	}
	if oc == nil {
		oc = &verdict.OldCode{}
	}
	if err := oc.DropMigrationFiles(oldT, opts.Verdict.Migrations); err != nil {
		return nil, err
	}

	sb, err := newSandbox(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer sb.Close()
	name := sb.name
	for _, n := range sb.Notes {
		if opts.OnNote != nil {
			opts.OnNote(n)
		}
	}
	if opts.OnScratch != nil {
		opts.OnScratch(name)
	}
	ctx = context.WithValue(ctx, stmtTimeoutKey{}, sb.timeout)
	conn, err := sb.connect(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { conn.Close(context.Background()) }()
	// Each phase starts a session of its own, as it does in production: the
	// application's connections, and the next deploy's migration runner,
	// never see what a migration SET for its own session (search_path,
	// role, session_replication_role, a temporary table). Settings a
	// migration persists (ALTER DATABASE/ROLE … SET) do apply to them.
	newSession := func() error {
		conn.Close(context.Background())
		c, err := sb.connect(ctx)
		if err != nil {
			return err
		}
		conn = c
		return nil
	}

	rep := &Report{Static: static, Database: name}
	pg := &rep.Postgres
	pg.ServerVersion = conn.PgConn().ParameterStatus("server_version")
	pg.Failures, pg.MigrationErrors, pg.Locks, pg.NotCheckable = []Failure{}, []MigrationError{}, []Lock{}, []Failure{}
	pg.NotApplied = notApplied
	pg.AlreadyThere = []MigrationError{}

	// OLD's schema: baseline, then OLD's migrations.
	if s := opts.Verdict.Schema; s != "" {
		if b, err := verdict.ReadTreeFile(oldT, s); err == nil {
			sctx, cancel := statementContext(ctx, 1+strings.Count(string(b), ";"))
			_, err := conn.PgConn().Exec(sctx, string(b)).ReadAll()
			cancel()
			if err != nil {
				pg.MigrationErrors = append(pg.MigrationErrors, migErr(filepath.ToSlash(s), 1, "", err, true))
			}
		}
	}
	// The migrations run with the configured search-path (the role's, which
	// the application and its migrations share), as the static side
	// resolves their unqualified names.
	migPath := searchPathSQL(opts.Verdict.SearchPath)
	if migPath != "" {
		conn.PgConn().Exec(ctx, migPath).ReadAll()
	}
	// A Go runner's release (no SQL migrations): the schema before it as
	// the verdict took it, OLD's schema file or OLD's steps replayed.
	pg.MigrationErrors = append(pg.MigrationErrors, runnerBaseline(ctx, conn, oldT, static, opts.Verdict.Schema, pg)...)
	// the migration tool's own table, there before its first migration
	if me := createBookkeeping(ctx, conn, oldFiles, newFiles); me != nil {
		pg.MigrationErrors = append(pg.MigrationErrors, *me)
	}
	for _, f := range oldFiles {
		if _, me := apply(ctx, conn, f, nil, nil); me != nil {
			me.Old = true
			me.AfterGoMigration = goBefore(gos, f)
			pg.MigrationErrors = append(pg.MigrationErrors, *me)
			break
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	existing, err := tableOIDs(ctx, conn)
	if err != nil {
		return nil, err
	}
	if err := newSession(); err != nil {
		return nil, err
	}

	// The old code's statements run with the application's search_path
	// (search-path, and what OLD's migrations SET it to), the migrations
	// with the configured one, else the database's default.
	appPath := searchPathSQL(verdict.SearchPath(opts.Verdict.SearchPath, &migrations.Set{Files: oldFiles}))
	setPath := func(sql string) {
		if appPath != "" {
			conn.PgConn().Exec(ctx, sql).ReadAll()
		}
	}
	setPath(appPath)

	// Every exact statement of the old code, on the old schema (with
	// --strict, partial statements too, their run-time holes filled).
	qs := targets(oc, opts.Verdict.Strict)
	before := make([]probe, len(qs))
	for i := range qs {
		q := &qs[i]
		for j, sql := range q.cands {
			p := probeQuery(ctx, conn, q.Query, sql)
			if j == 0 || p.err == nil {
				before[i], q.sql = p, sql
			}
			if p.err == nil {
				break
			}
		}
		if before[i].err == nil && q.Query.Query != nil && q.Query.Query.InsertTable != nil {
			before[i].missing = missingRequired(ctx, conn, *q.Query.Query.InsertTable, before[i].insertCols)
			before[i].runTried, before[i].ran = true, runInsert(ctx, conn, q.sql, before[i].params)
		}
		if before[i].err == nil {
			before[i].idents = columnIdents(ctx, conn, q.Query)
			before[i].enums = enumLiterals(ctx, conn, q.Query)
			before[i].defaults = literalDefaults(ctx, conn, q.Query)
			before[i].fks = fkActions(ctx, conn, q.Query)
		}
	}

	if err := newSession(); err != nil {
		return nil, err
	}
	if migPath != "" {
		conn.PgConn().Exec(ctx, migPath).ReadAll()
	}
	gt := &goTolerance{tree: newT, pg: pg}
	for _, f := range newFiles {
		locks, me := apply(ctx, conn, f, existing, gt.goesOn)
		pg.Locks = append(pg.Locks, locks...)
		if me != nil {
			me.AfterGoMigration = goBefore(gos, f)
			if me.AfterGoMigration == "" {
				me.AfterGoMigration = goCodeBefore(notApplied, f)
			}
			pg.MigrationErrors = append(pg.MigrationErrors, *me)
			break // the tool stops at the first failing migration
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	pg.LocksNote = "locks are read from pg_locks inside each migration's transaction; an autocommit statement is traced inside an explicit transaction, except one that cannot run in a transaction block (CREATE INDEX CONCURRENTLY, VACUUM), which is not traced"

	if err := newSession(); err != nil {
		return nil, err
	}
	setPath(appPath)
	blocking := staticSites(static, opts.Verdict.Strict)
	uses := expectedUses(static)
	for i, t := range qs {
		q := t.Query
		b := before[i]
		if b.err != nil {
			pg.NotCheckable = append(pg.NotCheckable, failure(q, b.err, b.check))
			continue
		}
		pg.Checked++
		a := probeQuery(ctx, conn, q, t.sql)
		var f *Failure
		switch {
		case a.err != nil:
			x := failure(q, a.err, a.check)
			f = &x
		case !sameColumns(b.fields, a.fields) && scanBreaks(q.Scan, b.fields, a.fields):
			f = &Failure{File: q.Site.File, Line: q.Site.Line, SQL: q.Site.SQL, Check: "result-columns",
				Message: fmt.Sprintf("the statement now returns %d columns (%s) where the old code got %d (%s)",
					len(a.fields), strings.Join(a.fields, ", "), len(b.fields), strings.Join(b.fields, ", "))}
		default:
			if q.Query != nil && q.Query.InsertTable != nil {
				f = insertProof(ctx, conn, q, t.sql, b)
			}
			if f == nil {
				f = typeCheck(q, b, a)
			}
			if f == nil {
				f = scanTypeCheck(q, b, a)
			}
			if f == nil {
				f = valueCheck(ctx, conn.PgConn(), q, b, a)
			}
			if f == nil {
				f = identityCheck(q, b.idents, columnIdents(ctx, conn, q))
			}
			if f == nil {
				f = enumCheck(q, b.enums, enumLiterals(ctx, conn, q))
			}
			if f == nil {
				f = fkCheck(q, b.fks, fkActions(ctx, conn, q), func(k string) bool { return fkColumnsKept(ctx, conn, k) })
			}
			if f == nil {
				f = defaultCheck(q, b.defaults, literalDefaults(ctx, conn, q))
			}
		}
		if f != nil {
			if t.note != "" {
				f.Message += " (" + t.note + ")"
			}
			f.Static = blocking[siteKey(f.File, f.Line)] != ""
			pg.Failures = append(pg.Failures, *f)
			if !f.Static {
				rep.Missed = append(rep.Missed, *f)
			}
		}
	}
	pg.LockFindings = lockFindings(static, pg.Locks)
	pg.Verdict = verdict.RollbackSafe
	if len(pg.Failures) > 0 {
		pg.Verdict = verdict.RollForwardOnly
	}

	// Static blocking sites Postgres did not confirm.
	failed := map[string]bool{}
	for _, f := range pg.Failures {
		failed[siteKey(f.File, f.Line)] = true
	}
	notCheckable := map[string]string{}
	for _, f := range pg.NotCheckable {
		notCheckable[siteKey(f.File, f.Line)] = strings.TrimSpace(f.SQLState + " " + f.Message)
	}
	exact, partial := map[string]bool{}, map[string]bool{}
	for _, q := range qs {
		exact[siteKey(q.Site.File, q.Site.Line)] = true
		if q.Site.Confidence == "partial" {
			partial[siteKey(q.Site.File, q.Site.Line)] = true
		}
	}
	var keys []string
	for k := range blocking {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if failed[k] {
			continue
		}
		file, line := splitKey(k)
		u := Unconfirmed{File: file, Line: line, Rule: blocking[k]}
		switch {
		case notCheckable[k] != "" && partial[k]:
			u.Why = "partial SQL: Postgres cannot prepare it even with its run-time parts replaced by a constant (" + notCheckable[k] + "), so it cannot be checked"
		case notCheckable[k] != "":
			u.Why = "the statement already failed on the old schema (" + notCheckable[k] + ")"
		case !exact[k]:
			u.Why = "the site is not an exact SQL statement (an ORM model or partial SQL), which Postgres cannot prepare"
		default:
			u.Why = unconfirmedWhy(uses[k])
		}
		rep.Unconfirmed = append(rep.Unconfirmed, u)
	}
	judgeMigrationErrors(pg)
	if len(pg.NotApplied) > 0 {
		// the scratch database is not the one the release makes: nothing
		// it shows proves or refutes the verdict
		pg.Verdict = Unknown
	}
	rep.Agreement = static.Verdict == pg.Verdict && len(rep.Missed) == 0 && len(pg.MigrationErrors) == 0 && len(pg.NotApplied) == 0
	return rep, nil
}

const userTablesSQL = `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'`

func siteKey(file string, line int) string { return fmt.Sprintf("%s:%d", file, line) }

func splitKey(k string) (string, int) {
	i := strings.LastIndexByte(k, ':')
	var n int
	fmt.Sscanf(k[i+1:], "%d", &n)
	return k[:i], n
}

// staticSites maps each site the static verdict blocks on to its rule.
func staticSites(r *verdict.Result, strict bool) map[string]string {
	m := map[string]string{}
	for _, it := range r.Findings {
		if !it.Blocking {
			continue
		}
		for _, s := range it.Evidence.Confirmed {
			m[siteKey(s.File, s.Line)] = it.Rule
		}
		if strict {
			for _, s := range it.Evidence.Possible {
				m[siteKey(s.File, s.Line)] = it.Rule
			}
		}
	}
	return m
}

// target is one statement to probe: the old code's query and the SQL
// texts to try on the old schema (the first that prepares is kept).
type target struct {
	verdict.Query
	cands []string
	sql   string
	note  string
}

// fillers stand in for the run-time part of a partial statement.
var fillers = []string{"NULL", "TRUE", "1"}

// targets lists the statements to probe: every exact statement; with strict,
// partial ones with their holes filled; and, for each ORM model, the INSERT
// the ORM sends (all the model's columns).
func targets(oc *verdict.OldCode, strict bool) []target {
	seen := map[string]bool{}
	var out []target
	for _, q := range oc.Queries {
		if strings.TrimSpace(q.Site.SQL) == "" {
			continue
		}
		k := fmt.Sprintf("%s:%d:%d\x00%s", q.Site.File, q.Site.Line, q.Site.Col, q.Site.SQL)
		if seen[k] {
			continue
		}
		seen[k] = true
		sql, _ := pgparse.PostgresPlaceholders(q.Site.SQL)
		switch {
		case q.Site.Confidence == "exact":
			out = append(out, target{Query: q, cands: []string{sql}})
		case strict && q.Site.Confidence == "partial" && strings.Contains(q.Site.SQL, "…"):
			t := target{Query: q, note: "partial SQL, its run-time parts replaced by a constant"}
			for _, f := range fillers {
				filled, _ := pgparse.PostgresPlaceholders(strings.ReplaceAll(q.Site.SQL, "…", f))
				t.cands = append(t.cands, filled)
			}
			out = append(out, t)
		}
	}
	// ORM models: one INSERT per model with every column it maps (by
	// site: a field's line), unless the old code's INSERT the ORM builds
	// from the model (gorm's Create) is read: that one runs.
	type model struct {
		site  verdict.Site
		table sqlast.Name
		cols  []string
	}
	built := map[string]bool{}
	for _, q := range oc.Queries {
		if q.Built && q.Query != nil && q.Query.InsertTable != nil {
			built[q.Site.Via+"\x00"+q.Query.InsertTable.String()] = true
		}
	}
	models := map[string]*model{}
	var order []string
	for _, u := range oc.Uses {
		if u.Site.Kind != sqlast.UseModel || u.Table.Name == "" || built[u.Site.Via+"\x00"+u.Table.String()] {
			continue
		}
		k := fmt.Sprintf("%s:%d\x00%s", u.Site.File, u.Site.Line, u.Table.String())
		m := models[k]
		if m == nil {
			m = &model{site: u.Site, table: u.Table}
			models[k] = m
			order = append(order, k)
		}
		if u.Column != "" && u.Column != sqlast.ColumnStar {
			m.cols = append(m.cols, u.Column)
		}
	}
	for _, k := range order {
		m := models[k]
		if len(m.cols) == 0 {
			continue
		}
		var cols, vals []string
		for i, c := range m.cols {
			cols = append(cols, pgx.Identifier{c}.Sanitize())
			vals = append(vals, fmt.Sprintf("$%d", i+1))
		}
		sql := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", regclassName(m.table), strings.Join(cols, ", "), strings.Join(vals, ", "))
		site := m.site
		site.SQL = sql
		tab := m.table
		q := verdict.Query{Site: site, Query: &sqlast.Query{Kind: "insert", InsertTable: &tab, InsertColumns: m.cols}}
		for _, c := range m.cols {
			q.Query.Uses = append(q.Query.Uses, sqlast.Use{Table: tab, Column: c, Kind: sqlast.UseInsert})
		}
		out = append(out, target{Query: q, cands: []string{sql}, note: "the INSERT the ORM sends for the model"})
	}
	return out
}

func pgErrParts(err error) (state, msg string) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code, pe.Message
	}
	return "", err.Error()
}

func failure(q verdict.Query, err error, check string) Failure {
	st, msg := pgErrParts(err)
	return Failure{File: q.Site.File, Line: q.Site.Line, SQL: q.Site.SQL, SQLState: st, Message: msg, Check: check}
}

func migErr(file string, line int, sql string, err error, old bool) MigrationError {
	st, msg := pgErrParts(err)
	return MigrationError{File: file, Line: line, SQL: sql, SQLState: st, Message: msg, Old: old}
}

// apply runs one migration file's up part the way its tool does: statements
// of a transactional part inside one transaction, others one by one with
// autocommit (explicit BEGIN/COMMIT in the file are honoured through each
// statement's InTx). When existing is non-nil, the locks each statement
// takes on those tables are read from pg_locks before the commit.
//
// goes, when non-nil, says whether the migration goes on after statement s
// of f failed with err outside a transaction (Go code that checks for the
// error and carries on): the statement is then left and the next one runs.
func apply(ctx context.Context, conn *pgx.Conn, f *migrations.File, existing map[uint32]string, goes func(f *migrations.File, s *sqlast.Stmt, err error) bool) ([]Lock, *MigrationError) {
	sec := f.Up
	if sec == nil || sec.Empty {
		return nil, nil
	}
	if len(sec.Errors) > 0 {
		e := sec.Errors[0]
		return nil, &MigrationError{File: f.Path, Line: e.Pos.Line, SQLState: "42601", Message: e.Msg + " (from the Postgres parser; the file was not sent)"}
	}
	ctx, cancel := statementContext(ctx, len(sec.Stmts))
	defer cancel()
	pc := conn.PgConn()
	var locks []Lock
	seen := map[string]bool{}
	inTx := false
	for _, s := range sec.Stmts {
		if s.Kind == "TransactionStmt" {
			continue
		}
		if s.InTx && !inTx {
			if _, err := pc.Exec(ctx, "BEGIN").ReadAll(); err != nil {
				return locks, &MigrationError{File: f.Path, Line: s.Pos.Line, Message: err.Error()}
			}
			inTx = true
		}
		if !s.InTx && inTx {
			if _, err := pc.Exec(ctx, "COMMIT").ReadAll(); err != nil {
				me := migErr(f.Path, s.Pos.Line, "COMMIT", err, false)
				return locks, &me
			}
			inTx = false
		}
		if !inTx && existing != nil {
			// Outside a transaction the statement is its own implicit
			// transaction; to see its locks, run it in an explicit one,
			// which is equivalent unless it cannot run in a transaction
			// block (CREATE INDEX CONCURRENTLY, VACUUM): then run it bare.
			ls, err, ok := tracedAlone(ctx, conn, s.Text, existing)
			if ok {
				if err != nil && goes != nil && goes(f, s, err) {
					continue
				}
				if err != nil {
					me := migErr(f.Path, errLine(s, err), s.Text, err, false)
					return locks, &me
				}
				for _, l := range ls {
					l.File, l.Line = f.Path, s.Pos.Line
					locks = append(locks, l)
				}
				continue
			}
		}
		if _, err := pc.Exec(ctx, s.Text).ReadAll(); err != nil {
			if !inTx && goes != nil && goes(f, s, err) {
				continue
			}
			if inTx {
				pc.Exec(context.Background(), "ROLLBACK").ReadAll()
			}
			me := migErr(f.Path, errLine(s, err), s.Text, err, false)
			return locks, &me
		}
		if inTx && existing != nil {
			for _, l := range heldLocks(ctx, conn, existing) {
				k := l.Table + "\x00" + l.Mode
				if seen[k] {
					continue
				}
				seen[k] = true
				l.File, l.Line = f.Path, s.Pos.Line
				locks = append(locks, l)
			}
		}
	}
	if inTx {
		if _, err := pc.Exec(ctx, "COMMIT").ReadAll(); err != nil {
			me := migErr(f.Path, 0, "COMMIT", err, false)
			return locks, &me
		}
	}
	return locks, nil
}

// tracedAlone runs one autocommit statement inside BEGIN … COMMIT to read
// its locks. ok is false when the statement cannot run in a transaction
// block (nothing was changed; the caller runs it bare).
func tracedAlone(ctx context.Context, conn *pgx.Conn, sql string, existing map[uint32]string) (locks []Lock, err error, ok bool) {
	pc := conn.PgConn()
	if _, err := pc.Exec(ctx, "BEGIN").ReadAll(); err != nil {
		return nil, err, true
	}
	if _, err := pc.Exec(ctx, sql).ReadAll(); err != nil {
		pc.Exec(context.Background(), "ROLLBACK").ReadAll()
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "25001" {
			return nil, nil, false
		}
		return nil, err, true
	}
	locks = heldLocks(ctx, conn, existing)
	if _, err := pc.Exec(ctx, "COMMIT").ReadAll(); err != nil {
		return nil, err, true
	}
	return locks, nil, true
}

// errLine is the file line of a Postgres error position inside statement s.
func errLine(s *sqlast.Stmt, err error) int {
	var pe *pgconn.PgError
	line := s.Pos.Line
	if errors.As(err, &pe) && pe.Position > 0 {
		r := []rune(s.Text)
		if int(pe.Position) <= len(r) {
			line += strings.Count(string(r[:pe.Position-1]), "\n")
		}
	}
	return line
}

func tableOIDs(ctx context.Context, conn *pgx.Conn) (map[uint32]string, error) {
	rows, err := conn.Query(ctx, `SELECT c.oid, c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[uint32]string{}
	for rows.Next() {
		var oid uint32
		var name string
		if err := rows.Scan(&oid, &name); err != nil {
			return nil, err
		}
		m[oid] = name
	}
	return m, rows.Err()
}

func heldLocks(ctx context.Context, conn *pgx.Conn, existing map[uint32]string) []Lock {
	rows, err := conn.Query(ctx, `SELECT relation, mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation' AND granted AND relation IS NOT NULL`)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []Lock
	for rows.Next() {
		var oid uint32
		var mode string
		if rows.Scan(&oid, &mode) != nil {
			continue
		}
		if t, ok := existing[oid]; ok {
			out = append(out, Lock{Table: t, Mode: mode})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Table != out[j].Table {
			return out[i].Table < out[j].Table
		}
		return out[i].Mode < out[j].Mode
	})
	return out
}

// probe is one statement's state on one schema.
type probe struct {
	err        error
	check      string   // prepare | plan
	fields     []string // result column names
	insertCols []string // INSERT: the columns it sets (for INSERT without a column list, the table's columns)
	missing    []string // INSERT: required columns it did not set already on this schema
	params     []typeInfo
	results    []typeInfo
	idents     map[string]string // table.column → the column's identity (relation oid, attnum)
	enums      map[string]string // literal written to or compared with an enum column → the enum type, when a label
	defaults   map[string]string // literal compared with or written to a column → the column's constant default (literalDefaults)
	fks        map[string]fkRef  // DELETE, key UPDATE: the foreign keys referencing the table and their actions (fkActions)
	// INSERT: whether it was run with sample values (runInsert), and how
	// that went.
	runTried bool
	ran      error
}

// probeQuery prepares and plans q inside a transaction that is rolled back.
// Parameters are planned with NULL arguments (EXPLAIN EXECUTE), so errors
// that only appear at planning (an ON CONFLICT target with no unique index)
// show up; nothing is executed.
func probeQuery(ctx context.Context, conn *pgx.Conn, q verdict.Query, sql string) (p probe) {
	pc := conn.PgConn()
	if _, err := pc.Exec(ctx, "BEGIN").ReadAll(); err != nil {
		return probe{err: err, check: "prepare"}
	}
	defer func() {
		pc.Exec(context.Background(), "ROLLBACK").ReadAll()
		pc.Exec(context.Background(), "DEALLOCATE rbcheck_probe").ReadAll()
	}()
	sd, err := pc.Prepare(ctx, "", sql, nil)
	if err != nil {
		return probe{err: err, check: "prepare"}
	}
	var oids []uint32
	for _, f := range sd.Fields {
		p.fields = append(p.fields, f.Name)
		oids = append(oids, f.DataTypeOID)
	}
	oids = append(oids, sd.ParamOIDs...)
	types := typeInfos(ctx, pc, oids)
	p.results, p.params = types[:len(sd.Fields)], types[len(sd.Fields):]
	for i, f := range sd.Fields {
		p.results[i].typmod = f.TypeModifier
	}
	if _, err := pc.Exec(ctx, "PREPARE rbcheck_probe AS "+sql).ReadAll(); err != nil {
		return probe{err: err, check: "prepare"}
	}
	args := ""
	if n := len(sd.ParamOIDs); n > 0 {
		args = "(" + strings.TrimSuffix(strings.Repeat("NULL, ", n), ", ") + ")"
	}
	if _, err := pc.Exec(ctx, "EXPLAIN EXECUTE rbcheck_probe"+args).ReadAll(); err != nil {
		return probe{err: err, check: "plan"}
	}
	if q.Query != nil && q.Query.InsertTable != nil {
		if q.Query.InsertNoColumns {
			p.insertCols = tableColumns(ctx, conn, *q.Query.InsertTable, false)
		} else {
			p.insertCols = q.Query.InsertColumns
		}
	}
	return p
}

func regclassName(n sqlast.Name) string {
	if n.Schema != "" {
		return pgx.Identifier{n.Schema, n.Name}.Sanitize()
	}
	return pgx.Identifier{n.Name}.Sanitize()
}

// tableColumns lists a table's columns in order; required limits them to
// NOT NULL columns without a default (identity and generated columns fill
// themselves).
func tableColumns(ctx context.Context, conn *pgx.Conn, t sqlast.Name, required bool) []string {
	q := `SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1::text) AND attnum > 0 AND NOT attisdropped`
	if required {
		q += ` AND attnotnull AND NOT atthasdef AND attidentity = '' AND attgenerated = ''`
	}
	rows, err := conn.Query(ctx, q+` ORDER BY attnum`, regclassName(t))
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if rows.Scan(&s) == nil {
			out = append(out, s)
		}
	}
	return out
}

// missingRequired lists t's NOT NULL columns without a default that set
// does not name.
func missingRequired(ctx context.Context, conn *pgx.Conn, t sqlast.Name, set []string) []string {
	has := map[string]bool{}
	for _, c := range set {
		has[strings.ToLower(c)] = true
	}
	var out []string
	for _, c := range tableColumns(ctx, conn, t, true) {
		if !has[strings.ToLower(c)] {
			out = append(out, c)
		}
	}
	return out
}

// insertCheck: an INSERT that does not set a NOT NULL column without a
// default fails at run time, which PREPARE does not show. Columns it already
// left unset on the old schema (filled by a trigger, say) are not the
// release's doing.
func insertCheck(ctx context.Context, conn *pgx.Conn, q verdict.Query, set, already []string) *Failure {
	old := map[string]bool{}
	for _, c := range already {
		old[c] = true
	}
	t := *q.Query.InsertTable
	for _, c := range missingRequired(ctx, conn, t, set) {
		if old[c] {
			continue
		}
		return &Failure{File: q.Site.File, Line: q.Site.Line, SQL: q.Site.SQL, SQLState: "23502", Check: "insert-not-null",
			Message: fmt.Sprintf("null value in column %q of relation %q violates not-null constraint (the old INSERT does not set it and it has no default)", c, t.Name)}
	}
	return nil
}

func sameColumns(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// typeInfo is a parameter's or result column's type: its name and its
// Postgres type category (pg_type.typcategory: S string, N numeric, …).
type typeInfo struct {
	oid      uint32
	name     string
	category string
	typmod   int32 // a result column's type modifier (-1 none; 0 for a parameter)
}

func typeInfos(ctx context.Context, pc *pgconn.PgConn, oids []uint32) []typeInfo {
	out := make([]typeInfo, len(oids))
	for i, o := range oids {
		out[i].oid = o
	}
	if len(oids) == 0 {
		return out
	}
	var list []string
	for _, o := range oids {
		list = append(list, fmt.Sprint(o))
	}
	res, err := pc.Exec(ctx, "SELECT oid, format_type(oid, NULL), typcategory FROM pg_type WHERE oid IN ("+strings.Join(list, ",")+")").ReadAll()
	if err != nil || len(res) == 0 {
		return out
	}
	byOID := map[string][2]string{}
	for _, r := range res[0].Rows {
		byOID[string(r[0])] = [2]string{string(r[1]), string(r[2])}
	}
	for i, o := range oids {
		t := byOID[fmt.Sprint(o)]
		out[i].name, out[i].category = t[0], t[1]
	}
	return out
}

// typeCheck: a parameter or result column whose type moved to another type
// category (text to integer, say) no longer takes or gives what the old code
// sends or scans; a change within a category (int to bigint, varchar to
// text) is compatible.
func typeCheck(q verdict.Query, b, a probe) *Failure {
	mk := func(msg string) *Failure {
		return &Failure{File: q.Site.File, Line: q.Site.Line, SQL: q.Site.SQL, SQLState: "42804", Check: "types", Message: msg}
	}
	if len(b.params) == len(a.params) {
		for i := range b.params {
			x, y := b.params[i], a.params[i]
			if x.category != "" && y.category != "" && x.category != y.category {
				return mk(fmt.Sprintf("parameter $%d is now %s where it was %s: values the old code sends as %s do not convert", i+1, y.name, x.name, x.name))
			}
		}
	}
	if len(b.results) == len(a.results) {
		for i := range b.results {
			x, y := b.results[i], a.results[i]
			if x.category != "" && y.category != "" && x.category != y.category {
				return mk(fmt.Sprintf("result column %q is now %s where it was %s: the old code scans it as %s", b.fields[i], y.name, x.name, x.name))
			}
		}
	}
	return nil
}

// columnIdents maps each table.column the statement names to the column's
// identity: its relation and attribute number.
func columnIdents(ctx context.Context, conn *pgx.Conn, q verdict.Query) map[string]string {
	if q.Query == nil {
		return nil
	}
	m := map[string]string{}
	for _, u := range q.Query.Uses {
		if u.Table.Name == "" || u.Column == "" || u.Column == sqlast.ColumnStar {
			continue
		}
		k := u.Table.String() + "." + u.Column
		if _, ok := m[k]; ok {
			continue
		}
		var rel uint32
		var num int16
		err := conn.QueryRow(ctx, `SELECT attrelid, attnum FROM pg_attribute WHERE attrelid = to_regclass($1::text) AND attname = $2 AND attnum > 0 AND NOT attisdropped`,
			regclassName(u.Table), u.Column).Scan(&rel, &num)
		if err == nil {
			m[k] = fmt.Sprintf("%d/%d", rel, num)
		}
	}
	return m
}

// identityCheck: a column the old code names that exists after the release
// but is another column than before (renamed away, and a new one added under
// the old name) prepares fine but holds other data.
func identityCheck(q verdict.Query, before, after map[string]string) *Failure {
	for _, k := range slices.Sorted(maps.Keys(before)) {
		if a, ok := after[k]; ok && a != before[k] {
			return &Failure{File: q.Site.File, Line: q.Site.Line, SQL: q.Site.SQL, Check: "column-identity",
				Message: fmt.Sprintf("column %s is another column than before the release (renamed or dropped, and a new one took its name): the old code reads or writes other data", k)}
		}
	}
	return nil
}

// lockFindings matches each static locking finding with the locks its
// statement took on existing tables: confirmed when it took any lock that
// blocks writes (ShareLock or stronger), as the finding claims.
func lockFindings(r *verdict.Result, locks []Lock) []LockFinding {
	out := []LockFinding{}
	for _, it := range r.Findings {
		if it.Effect != rules.Locking {
			continue
		}
		lf := LockFinding{File: it.Pos.File, Line: it.Pos.Line, Rule: it.Rule, Locks: []Lock{}}
		stmtLine := it.Pos.Line
		if it.Stmt != nil && it.Stmt.Pos.Line > 0 {
			stmtLine = it.Stmt.Pos.Line
		}
		for _, l := range locks {
			if l.File == lf.File && l.Line == stmtLine {
				lf.Locks = append(lf.Locks, l)
				if blocksWrites[l.Mode] {
					lf.Confirmed = true
				}
			}
		}
		if len(lf.Locks) == 0 {
			lf.Note = "no lock on an existing table was seen for this statement (it ran outside a transaction, or takes none)"
		}
		out = append(out, lf)
	}
	return out
}

// blocksWrites are the lock modes that conflict with RowExclusiveLock
// (INSERT, UPDATE, DELETE).
var blocksWrites = map[string]bool{
	"ShareLock": true, "ShareRowExclusiveLock": true, "ExclusiveLock": true, "AccessExclusiveLock": true,
}

// enumLiterals maps each string literal the statement writes to or compares
// with an enum-typed column (table.column = 'value') to the enum type's name,
// when the value is one of its labels (pg_enum).
func enumLiterals(ctx context.Context, conn *pgx.Conn, q verdict.Query) map[string]string {
	if q.Query == nil {
		return nil
	}
	m := map[string]string{}
	for _, l := range q.Query.Literals {
		if l.Table.Name == "" || l.Column == "" || l.Number {
			continue // a number is no enum label
		}
		var typ string
		var label bool
		err := conn.QueryRow(ctx, `SELECT format_type(t.oid, NULL), EXISTS (SELECT 1 FROM pg_enum e WHERE e.enumtypid = t.oid AND e.enumlabel = $3)
FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
WHERE a.attrelid = to_regclass($1::text) AND a.attname = $2 AND NOT a.attisdropped AND t.typtype = 'e'`,
			regclassName(l.Table), l.Column, l.Value).Scan(&typ, &label)
		if err == nil && label {
			m[literalKey(l)] = typ
		}
	}
	return m
}

// literalKey names a literal the statement writes to or compares a column
// with, as the literal checks key their maps: table.column = 'value'.
func literalKey(l sqlast.Literal) string {
	return fmt.Sprintf("%s.%s = '%s'", l.Table.String(), l.Column, l.Value)
}

// enumCheck: a label the old code writes or compares with that the enum no
// longer has (renamed) fails at run time, or silently matches nothing when
// the column is compared as text.
func enumCheck(q verdict.Query, before, after map[string]string) *Failure {
	for _, k := range slices.Sorted(maps.Keys(before)) {
		if _, ok := after[k]; !ok {
			return &Failure{File: q.Site.File, Line: q.Site.Line, SQL: q.Site.SQL, SQLState: "22P02", Check: "enum-label",
				Message: fmt.Sprintf("enum %s no longer has the label the old code uses (%s)", before[k], k)}
		}
	}
	return nil
}

// oldCatalog is the schema OLD's baseline and migrations build, as Check
// builds it, so the old code's unqualified columns resolve the same way.
func oldCatalog(t verdict.Tree, schema string, files []*migrations.File) *catalog.Catalog {
	cat := catalog.NewCatalog()
	if schema != "" {
		if b, err := verdict.ReadTreeFile(t, schema); err == nil {
			if c, _ := catalog.LoadSchema(filepath.ToSlash(schema), string(b)); c != nil {
				cat = c
			}
		}
	}
	for _, f := range files {
		if f.Up == nil {
			continue
		}
		for _, s := range f.Up.Stmts {
			cat.Apply(s, catalog.Existing)
		}
	}
	return cat
}

// searchPathSQL sets the search_path the old code's statements run with, ""
// when it is the default (public).
func searchPathSQL(path []string) string {
	if len(path) == 0 || (len(path) == 1 && path[0] == "public") {
		return ""
	}
	q := make([]string, len(path))
	for i, p := range path {
		q[i] = pgx.Identifier{p}.Sanitize()
	}
	return "SET search_path TO " + strings.Join(q, ", ")
}
