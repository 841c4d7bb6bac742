package verify

// The sandbox verify runs a repository's migrations in: they are untrusted
// code (a pre-merge gate runs verify on pull requests), so they run
//
//   - in a scratch database of their own, with a unique name
//     (rbcheck_verify_<server epoch>_<random>), never in the DSN's database;
//   - as a role of their own with the same name: LOGIN, no SUPERUSER,
//     CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS, no membership in any
//     role, owning only the scratch database; so COPY … PROGRAM, ALTER
//     SYSTEM, role and database DDL, untrusted languages and extensions,
//     and pg_terminate_backend on verify's own sessions fail there
//     (SQLSTATE 42501, reported as privileges verify does not grant);
//   - with statement_timeout set for the role's sessions and a client-side
//     deadline per statement (a migration can reset statement_timeout);
//
// and the connection verify is given (--dsn, or the throwaway cluster's
// superuser) is used only to create and drop that database and role. A
// --dsn connecting as a superuser is refused unless SuperuserOK. Database
// and role are registered with internal/interrupt as they are made, dropped
// through a fresh connection (a migration may kill the one it ran on), and
// ones left by an rbcheck that was killed are dropped by the next run.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/rbcheck/rbcheck/internal/interrupt"
)

// Defaults of the connection limits (--connect-timeout, --statement-timeout).
const (
	DefaultConnectTimeout   = 10 * time.Second
	DefaultStatementTimeout = 5 * time.Minute
)

// ErrSuperuser is returned when the DSN connects as a superuser and
// Options.SuperuserOK is not set.
var ErrSuperuser = errors.New("the --dsn user is a superuser")

// scratchPrefix starts the name of every scratch database and role.
const scratchPrefix = "rbcheck_verify_"

var scratchRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^rbcheck_verify_([0-9]{9,12})_[0-9a-f]{12}$`) })

// Stale scratch databases and roles: older than staleAfter and unused, or
// older than staleAlways whatever uses them.
const (
	staleAfter  = time.Hour
	staleAlways = 24 * time.Hour
)

// PrivilegesHelp is the help line of a migration that needs privileges
// verify does not grant.
const PrivilegesHelp = "this migration needs privileges verify does not grant: migrations run as a role that owns only the scratch database (no superuser, no role or database DDL, no COPY … PROGRAM, no ALTER SYSTEM)"

type sandbox struct {
	admin    *pgx.ConnConfig // the DSN's connection, for set-up and removal only
	name     string          // the scratch database's and the role's name
	password string
	super    bool
	timeout  time.Duration // statement timeout
	db, role *interrupt.Handle
	// Notes are things worth telling the user (stale databases removed).
	Notes []string
}

// connectAdmin connects with the DSN, a connect timeout set when the DSN
// has none.
func connectAdmin(ctx context.Context, opts Options) (*pgx.ConnConfig, *pgx.Conn, error) {
	cfg, err := adminConfig(opts)
	if err != nil {
		return nil, nil, err
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			return nil, nil, fmt.Errorf("connecting to postgres at %s: no answer within %s: %v\nhelp: check the address and port, or raise --connect-timeout", where(cfg), cfg.ConnectTimeout, err)
		}
		return nil, nil, fmt.Errorf("connecting to postgres at %s: %w", where(cfg), err)
	}
	return cfg, conn, nil
}

// adminConfig parses the DSN and sets the connect timeout: Options's,
// else the DSN's connect_timeout, else DefaultConnectTimeout (a server that
// accepts the connection and never answers must not hang the run).
func adminConfig(opts Options) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(opts.DSN)
	if err != nil {
		return nil, fmt.Errorf("the DSN is not valid: %v\nhelp: use a URL (postgres://user@host/db) or key=value pairs (host=… dbname=…)", err)
	}
	if opts.ConnectTimeout > 0 {
		cfg.ConnectTimeout = opts.ConnectTimeout
	} else if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = DefaultConnectTimeout
	}
	return cfg, nil
}

func where(cfg *pgx.ConnConfig) string {
	return fmt.Sprintf("%s:%d", cfg.Host, cfg.Port)
}

// newSandbox checks the DSN's user, removes stale scratch databases and
// roles, and creates this run's role and database.
func newSandbox(ctx context.Context, opts Options) (*sandbox, error) {
	cfg, admin, err := connectAdmin(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer admin.Close(context.Background())
	s := &sandbox{admin: cfg, timeout: opts.StatementTimeout}
	if s.timeout <= 0 {
		s.timeout = DefaultStatementTimeout
	}
	var createdb, createrole bool
	var user string
	if err := admin.QueryRow(ctx, `SELECT current_user, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user`).Scan(&user, &s.super, &createdb, &createrole); err != nil {
		return nil, fmt.Errorf("reading the --dsn user's attributes: %w", err)
	}
	if s.super && !opts.SuperuserOK {
		return nil, fmt.Errorf("%w (%s): verify refuses to hold superuser rights while it runs a repository's migrations\nhelp: connect as a role with CREATEDB and CREATEROLE only (CREATE ROLE rbcheck LOGIN CREATEDB CREATEROLE PASSWORD '…'), or pass --dsn-superuser-ok; the migrations run as a non-superuser role either way", ErrSuperuser, user)
	}
	if !s.super && (!createdb || !createrole) {
		return nil, fmt.Errorf("the --dsn user %s cannot create databases and roles (CREATEDB %v, CREATEROLE %v): verify creates its own scratch database and a role to run the migrations as\nhelp: ALTER ROLE %s CREATEDB CREATEROLE", user, createdb, createrole, pgx.Identifier{user}.Sanitize())
	}
	if !opts.AllowNonEmpty {
		var n int
		if err := admin.QueryRow(ctx, userTablesSQL).Scan(&n); err != nil {
			return nil, fmt.Errorf("inspecting the DSN's database: %w", err)
		}
		if n > 0 {
			return nil, fmt.Errorf("%w: the DSN's database %q has %d tables or views: rbcheck verify only connects through it and creates its own scratch database, but refuses a database in use\nhelp: point --dsn at an empty database (e.g. postgres on a throwaway server), use --pg-bin, or pass --i-know-this-is-scratch", ErrNotScratch, cfg.Database, n)
		}
	}
	s.Notes = s.sweep(ctx, admin)

	var epoch int64
	if err := admin.QueryRow(ctx, `SELECT extract(epoch FROM now())::bigint`).Scan(&epoch); err != nil {
		return nil, err
	}
	var b [6]byte
	var p [24]byte
	_, _ = rand.Read(b[:])
	_, _ = rand.Read(p[:])
	s.name = scratchPrefix + strconv.FormatInt(epoch, 10) + "_" + hex.EncodeToString(b[:])
	s.password = hex.EncodeToString(p[:])
	id := pgx.Identifier{s.name}.Sanitize()

	s.role, err = interrupt.Create("the scratch role "+s.name, func() (func() error, error) {
		validUntil := time.Unix(epoch, 0).Add(staleAlways).UTC().Format("2006-01-02 15:04:05+00")
		_, err := admin.Exec(ctx, "CREATE ROLE "+id+" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 8 PASSWORD '"+s.password+"' VALID UNTIL '"+validUntil+"'")
		if err != nil {
			return nil, fmt.Errorf("creating the role the migrations run as: %w", err)
		}
		return s.dropRole, nil
	})
	if err != nil {
		return nil, err
	}
	if !s.super {
		// The DSN user must be a member of the role to make it the
		// database's owner (and to drop the database later). The role gets
		// nothing from the DSN user: membership goes the other way.
		if _, err := admin.Exec(ctx, "GRANT "+id+" TO CURRENT_USER"); err != nil {
			s.Close()
			return nil, fmt.Errorf("granting the scratch role to the --dsn user: %w", err)
		}
	}
	s.db, err = interrupt.Create("the scratch database "+s.name, func() (func() error, error) {
		if _, err := admin.Exec(ctx, "CREATE DATABASE "+id+" OWNER "+id+" TEMPLATE template0"); err != nil {
			return nil, fmt.Errorf("creating the scratch database: %w", err)
		}
		return s.dropDatabase, nil
	})
	if err != nil {
		s.Close()
		return nil, err
	}
	if _, err := admin.Exec(ctx, "REVOKE ALL ON DATABASE "+id+" FROM PUBLIC"); err != nil {
		s.Close()
		return nil, fmt.Errorf("closing the scratch database to other roles: %w", err)
	}
	return s, nil
}

// connect opens the connection the migrations and the old code's
// statements run on: the scratch role, in the scratch database.
func (s *sandbox) connect(ctx context.Context) (*pgx.Conn, error) {
	cfg := s.admin.Copy()
	cfg.Database = s.name
	cfg.User = s.name
	cfg.Password = s.password
	// A migration that sleeps or loops must not hang the run.
	cfg.RuntimeParams["statement_timeout"] = strconv.FormatInt(s.timeout.Milliseconds(), 10)
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to the scratch database as the role verify created for the migrations (%s): %w\nhelp: the server's pg_hba.conf must let roles named %s* log in with a password from this host", s.name, err, scratchPrefix)
	}
	return conn, nil
}

// Close drops the scratch database and role (each once; the signal
// handler may already be doing it) and returns what failed.
func (s *sandbox) Close() error {
	var errs []error
	if s.db != nil {
		if err := s.db.Remove(); err != nil {
			errs = append(errs, err)
		}
	}
	if s.role != nil {
		if err := s.role.Remove(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// adminExec runs statements on a fresh connection of the DSN's user: the
// set-up connection may be gone (a migration may have terminated it, or
// the context that read it was cancelled).
func (s *sandbox) adminExec(sqls ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, s.admin)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	for _, q := range sqls {
		if _, err := conn.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func (s *sandbox) dropDatabase() error { return dropDatabase(s.adminExec, s.name) }

func (s *sandbox) dropRole() error {
	return s.adminExec("DROP ROLE IF EXISTS " + pgx.Identifier{s.name}.Sanitize())
}

// dropDatabase drops a scratch database and the sessions still in it.
func dropDatabase(exec func(...string) error, name string) error {
	drop := "DROP DATABASE IF EXISTS " + pgx.Identifier{name}.Sanitize()
	err := exec(drop + " WITH (FORCE)")
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42601" { // before PostgreSQL 13 there is no FORCE
		err = exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"+name+"'", drop)
	}
	return err
}

// sweep drops scratch databases and roles earlier runs left behind (their
// rbcheck was killed): older than an hour and unused, or older than a day.
// Names carry the server's clock at creation, so runs from machines with
// other clocks agree. Ones the DSN user may not drop are left alone.
func (s *sandbox) sweep(ctx context.Context, admin *pgx.Conn) []string {
	rows, err := admin.Query(ctx, `SELECT d.datname, extract(epoch FROM now())::bigint,
		EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)
		FROM pg_database d WHERE d.datname LIKE 'rbcheck\_verify\_%'`)
	if err != nil {
		return nil
	}
	type db struct {
		name  string
		now   int64
		inUse bool
	}
	var dbs []db
	for rows.Next() {
		var d db
		if rows.Scan(&d.name, &d.now, &d.inUse) == nil {
			dbs = append(dbs, d)
		}
	}
	rows.Close()
	var notes []string
	exec := func(sqls ...string) error {
		for _, q := range sqls {
			if _, err := admin.Exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}
	for _, d := range dbs {
		age, ok := nameAge(d.name, d.now)
		if !ok || age < staleAfter || (d.inUse && age < staleAlways) {
			continue
		}
		if err := dropDatabase(exec, d.name); err == nil {
			notes = append(notes, fmt.Sprintf("removed the stale scratch database %s left by an earlier run (%s old)", d.name, age.Round(time.Minute)))
		}
	}
	rows, err = admin.Query(ctx, `SELECT r.rolname, extract(epoch FROM now())::bigint FROM pg_roles r
		WHERE r.rolname LIKE 'rbcheck\_verify\_%' AND NOT EXISTS (SELECT 1 FROM pg_database d WHERE d.datname = r.rolname)`)
	if err != nil {
		return notes
	}
	var roles []db
	for rows.Next() {
		var r db
		if rows.Scan(&r.name, &r.now) == nil {
			roles = append(roles, r)
		}
	}
	rows.Close()
	for _, r := range roles {
		if age, ok := nameAge(r.name, r.now); ok && age >= staleAfter {
			if _, err := admin.Exec(ctx, "DROP ROLE IF EXISTS "+pgx.Identifier{r.name}.Sanitize()); err == nil {
				notes = append(notes, fmt.Sprintf("removed the stale scratch role %s left by an earlier run", r.name))
			}
		}
	}
	return notes
}

// nameAge is how long ago a scratch name was made, by the epoch in it.
func nameAge(name string, now int64) (time.Duration, bool) {
	m := scratchRE().FindStringSubmatch(name)
	if m == nil {
		return 0, false
	}
	t, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return 0, false
	}
	return time.Duration(now-t) * time.Second, true
}

// statementContext bounds migration statements on the client side too:
// statement_timeout is only the session's default, which a migration can
// change (SET statement_timeout = 0).
// The bound covers n statements each running up to the timeout.
func statementContext(ctx context.Context, n int) (context.Context, context.CancelFunc) {
	d, ok := ctx.Value(stmtTimeoutKey{}).(time.Duration)
	if !ok || d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, time.Duration(max(n, 1))*d+min(d, 10*time.Second))
}

type stmtTimeoutKey struct{}

// judgeMigrationErrors marks the migration errors caused by the sandbox's
// missing privileges, and makes the Postgres verdict unknown when a
// migration failed: the release was not applied, so nothing was proved.
func judgeMigrationErrors(pg *Postgres) {
	for i := range pg.MigrationErrors {
		m := &pg.MigrationErrors[i]
		switch {
		case m.SQLState == "42501":
			m.NeedsPrivileges = true
		case m.SQLState == "" && strings.Contains(m.Message, context.DeadlineExceeded.Error()):
			m.Message = "verify stopped the migration at its deadline: it ran longer than --statement-timeout allows (after turning statement_timeout off, or across many statements)"
		}
	}
	if len(pg.MigrationErrors) > 0 {
		pg.Verdict = Unknown
	}
}

// Unknown is the Postgres verdict when a migration failed to apply.
const Unknown = "unknown"

// privilegeNote is printed under a migration error that needs privileges.
func privilegeNote(m MigrationError) string {
	if !m.NeedsPrivileges {
		return ""
	}
	return "    help: " + PrivilegesHelp + "; verify cannot judge a release whose migrations need them\n"
}
