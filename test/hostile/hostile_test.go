// Package hostile runs rbcheck on hostile repositories and inputs (issue 13):
// every testdata/*.txtar is one case, run in a fresh directory, with the
// PostgreSQL cluster the oracle tests use when the case needs one. After
// every case nothing may be left behind: no file in the (private) temporary
// directory, no throwaway server, no scratch database or role.
//
// The case format is in testdata/README.md; add a case there for each
// hostile input a change defends against (with its ok twin).
package hostile

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"golang.org/x/tools/txtar"

	"github.com/rbcheck/rbcheck/internal/cli"
	"github.com/rbcheck/rbcheck/internal/pgtest"
	"github.com/rbcheck/rbcheck/internal/scenario"
)

var (
	cluster *pgtest.Cluster
	noPG    error
	tmpRoot string // holds the private TMPDIR, the cases' directories and the binary
	privTmp string // the TMPDIR every rbcheck run gets (nothing else uses it)
	binary  string // rbcheck built for process: yes cases and the signal tests
	binErr  error
)

func TestMain(m *testing.M) {
	code := run(m)
	os.Exit(code)
}

func run(m *testing.M) int {
	cluster, noPG = pgtest.ForTests()
	if cluster != nil {
		defer cluster.Stop()
	}
	// The shared cluster lives in the real temporary directory; the cases
	// get a private one (traversable by every user: as root the throwaway
	// clusters run as an unprivileged user that must reach it), so that
	// "nothing left behind" sees only their own leftovers.
	var err error
	if tmpRoot, err = os.MkdirTemp("/tmp", "hostile-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer os.RemoveAll(tmpRoot)
	if err := os.Chmod(tmpRoot, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	privTmp = filepath.Join(tmpRoot, "tmp")
	if err := os.Mkdir(privTmp, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return m.Run()
}

func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// rbcheckBinary builds rbcheck once for the tests that need a process.
func rbcheckBinary(t *testing.T) string {
	t.Helper()
	if binary == "" && binErr == nil {
		out := filepath.Join(tmpRoot, "bin", "rbcheck")
		if err := scenario.BuildRbcheck(repoRoot(), out); err != nil {
			binErr = err
		} else {
			binary = out
		}
	}
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binary
}

func needPG(t *testing.T) {
	t.Helper()
	if cluster == nil {
		if pgtest.InCI() {
			t.Fatalf("PostgreSQL is required in CI (CI=true) and could not be started: %v", noPG)
		}
		t.Skipf("skipping: no PostgreSQL (%v)", noPG)
	}
}

type hcase struct {
	items      []string
	args       []string
	exit       int
	pg         bool
	process    bool
	run        []string
	setupSQL   []string
	checkSQL   []string
	want       []*regexp.Regexp
	notWant    []*regexp.Regexp
	absent     []string
	maxSeconds float64
	silent     bool
	hold       bool
}

// parse reads the directives of the archive comment (testdata/README.md).
func parse(comment string, subst func(string) string) (*hcase, error) {
	c := &hcase{exit: -1}
	for i, line := range strings.Split(comment, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("comment line %d: want key: value, got %q", i+1, line)
		}
		val = strings.TrimSpace(val)
		switch key {
		case "item":
			c.items = append(c.items, val)
		case "args":
			a, err := scenario.SplitArgs(val)
			if err != nil {
				return nil, err
			}
			for i := range a {
				a[i] = subst(a[i])
			}
			c.args = a
		case "exit":
			n, err := strconv.Atoi(val)
			if err != nil {
				return nil, fmt.Errorf("comment line %d: exit %q", i+1, val)
			}
			c.exit = n
		case "pg":
			c.pg = val == "yes"
		case "process":
			c.process = val == "yes"
		case "run":
			c.run = append(c.run, subst(val))
		case "setup-sql":
			c.setupSQL = append(c.setupSQL, subst(val))
		case "check-sql":
			c.checkSQL = append(c.checkSQL, subst(val))
		case "want", "!want":
			re, err := regexp.Compile(val)
			if err != nil {
				return nil, fmt.Errorf("comment line %d: %v", i+1, err)
			}
			if key == "want" {
				c.want = append(c.want, re)
			} else {
				c.notWant = append(c.notWant, re)
			}
		case "absent":
			c.absent = append(c.absent, subst(val))
		case "max-seconds":
			f, err := strconv.ParseFloat(val, 64)
			if err != nil {
				return nil, fmt.Errorf("comment line %d: max-seconds %q", i+1, val)
			}
			c.maxSeconds = f
		case "hold":
			c.hold = val == "yes"
		case "listen":
			if val != "silent" {
				return nil, fmt.Errorf("comment line %d: listen: takes only silent", i+1)
			}
			c.silent = true
		default:
			return nil, fmt.Errorf("comment line %d: unknown directive %q", i+1, key)
		}
	}
	if len(c.items) == 0 || c.args == nil || c.exit < 0 {
		return nil, fmt.Errorf("the comment needs item:, args: and exit:")
	}
	return c, nil
}

// TestHostile runs every case of testdata.
func TestHostile(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no cases in testdata")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txtar")
		t.Run(name, func(t *testing.T) { runCase(t, f) })
	}
}

// silentListener accepts TCP connections and never answers.
func silentListener(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c) // held open, never read
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}

func runCase(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	work, err := os.MkdirTemp(tmpRoot, "case-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(work)
	vars := map[string]string{"$WORK": work}
	if cluster != nil {
		vars["$SUPERDSN"] = cluster.DSN("postgres")
		vars["$DSN"] = cluster.AdminDSN("postgres")
		vars["$PGBIN"] = cluster.BinDir
	}
	// The silent listener is made only when the case asks for it.
	if strings.Contains(string(ar.Comment), "listen: silent") {
		host, port, _ := net.SplitHostPort(silentListener(t))
		vars["$SILENT"] = "host=" + host + " port=" + port + " user=x dbname=x sslmode=disable"
	}
	subst := func(s string) string {
		for k, v := range vars {
			s = strings.ReplaceAll(s, k, v)
		}
		return s
	}
	c, err := parse(string(ar.Comment), subst)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if c.pg || c.process {
		if c.pg {
			needPG(t)
		}
	}
	for _, f := range ar.Files {
		p := filepath.Join(work, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(subst(string(f.Data))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, cmd := range c.run {
		sh := exec.Command("sh", "-c", cmd)
		sh.Dir = work
		if out, err := sh.CombinedOutput(); err != nil {
			t.Fatalf("run: %s: %v\n%s", cmd, err, out)
		}
	}
	var before map[string]bool
	if c.pg {
		before = serverObjects(t)
		defer dropNew(t, before)
		for _, q := range c.setupSQL {
			superExec(t, q)
		}
	}

	// Sessions of other users (an application's, an administrator's) that
	// a migration must not be able to end.
	var held []*pgx.Conn
	if c.hold {
		for _, dsn := range []string{cluster.DSN("postgres"), cluster.AdminDSN("postgres")} {
			conn, err := pgx.Connect(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(context.Background())
			held = append(held, conn)
		}
	}

	start := time.Now()
	var code int
	var out string
	if c.process {
		cmd := exec.Command(rbcheckBinary(t), c.args...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "TMPDIR="+privTmp)
		b, err := cmd.CombinedOutput()
		out = string(b)
		code = cmd.ProcessState.ExitCode()
		if err != nil && code < 0 {
			t.Errorf("rbcheck died: %v", err)
		}
	} else {
		var stdout, stderr bytes.Buffer
		t.Setenv("TMPDIR", privTmp)
		code = cli.Main(&cli.Env{Stdout: &stdout, Stderr: &stderr, Dir: work}, c.args)
		out = stdout.String() + stderr.String()
	}
	elapsed := time.Since(start)
	out = strings.ReplaceAll(out, work, "$WORK")

	if code != c.exit {
		t.Errorf("exit %d, want %d", code, c.exit)
	}
	for _, re := range c.want {
		if !re.MatchString(out) {
			t.Errorf("output does not match %q", re)
		}
	}
	for _, re := range c.notWant {
		if re.MatchString(out) {
			t.Errorf("output matches !want %q", re)
		}
	}
	for _, bad := range []string{"goroutine 1 [", "SIGSEGV", "panic:"} {
		if strings.Contains(out, bad) {
			t.Errorf("output shows a crash (%q)", bad)
		}
	}
	if c.maxSeconds > 0 && elapsed.Seconds() > c.maxSeconds {
		t.Errorf("took %.1fs, at most %.1fs allowed", elapsed.Seconds(), c.maxSeconds)
	}
	for _, p := range c.absent {
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("%s exists: the hostile input had an effect outside rbcheck", p)
		}
	}
	for i, conn := range held {
		if err := conn.Ping(context.Background()); err != nil {
			t.Errorf("held session %d was ended during the run: %v", i, err)
		}
	}
	for _, q := range c.checkSQL {
		if !superBool(t, q) {
			t.Errorf("check-sql is false: %s", q)
		}
	}
	assertNothingLeft(t)
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "migration failed") || strings.HasPrefix(l, "rbcheck: ") {
			t.Logf("%s", strings.TrimSpace(l)) // what the hostile input got (go test -v)
		}
	}
	if t.Failed() {
		t.Logf("items %v; args %q; took %s; output:\n%s", c.items, c.args, elapsed.Round(time.Millisecond), out)
	}
}

// assertNothingLeft checks the private TMPDIR is empty, no server runs
// from it, and no scratch database or role is on the shared cluster.
func assertNothingLeft(t *testing.T) {
	t.Helper()
	tmp := privTmp
	if ents, _ := os.ReadDir(tmp); len(ents) > 0 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
			os.RemoveAll(filepath.Join(tmp, e.Name()))
		}
		t.Errorf("left in the temporary directory: %v", names)
	}
	if pids := serversUnder(tmp); len(pids) > 0 {
		t.Errorf("PostgreSQL processes still running from %s: %v", tmp, pids)
		for _, p := range pids {
			syscall.Kill(p, syscall.SIGKILL)
		}
	}
	if cluster != nil {
		if left := scratchLeft(t); len(left) > 0 {
			t.Errorf("scratch databases or roles left on the server: %v", left)
		}
	}
}

// serversUnder lists postgres processes working in a directory under dir.
func serversUnder(dir string) []int {
	ents, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cwd, err := os.Readlink("/proc/" + e.Name() + "/cwd")
		if err != nil || !strings.HasPrefix(cwd, dir+"/") {
			continue
		}
		if comm, _ := os.ReadFile("/proc/" + e.Name() + "/comm"); strings.HasPrefix(string(comm), "postgres") {
			if st, _ := os.ReadFile("/proc/" + e.Name() + "/stat"); !isZombie(st) {
				pids = append(pids, pid)
			}
		}
	}
	return pids
}

func isZombie(stat []byte) bool {
	i := bytes.LastIndexByte(stat, ')')
	return i < 0 || (i+2 < len(stat) && stat[i+2] == 'Z')
}

func superConn(t *testing.T, db string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), cluster.DSN(db))
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// dbPrefix runs "[db] SQL" in db, plain SQL in postgres.
func dbPrefix(q string) (string, string) {
	if strings.HasPrefix(q, "[") {
		if i := strings.Index(q, "]"); i > 0 {
			return q[1:i], strings.TrimSpace(q[i+1:])
		}
	}
	return "postgres", q
}

func superExec(t *testing.T, q string) {
	t.Helper()
	db, q := dbPrefix(q)
	conn := superConn(t, db)
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), q); err != nil {
		t.Fatalf("setup-sql %s: %v", q, err)
	}
}

func superBool(t *testing.T, q string) bool {
	t.Helper()
	db, q := dbPrefix(q)
	conn := superConn(t, db)
	defer conn.Close(context.Background())
	var ok bool
	if err := conn.QueryRow(context.Background(), q).Scan(&ok); err != nil {
		t.Errorf("check-sql %s: %v", q, err)
		return false
	}
	return ok
}

// serverObjects names the databases and roles on the shared cluster.
func serverObjects(t *testing.T) map[string]bool {
	t.Helper()
	conn := superConn(t, "postgres")
	defer conn.Close(context.Background())
	rows, err := conn.Query(context.Background(), `SELECT 'db ' || datname FROM pg_database UNION ALL SELECT 'role ' || rolname FROM pg_roles`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[string]bool{}
	for rows.Next() {
		var s string
		if rows.Scan(&s) == nil {
			m[s] = true
		}
	}
	return m
}

// dropNew removes what a case's setup (or a failure) added to the server.
func dropNew(t *testing.T, before map[string]bool) {
	conn := superConn(t, "postgres")
	defer conn.Close(context.Background())
	var roles []string
	for k := range serverObjects(t) {
		if before[k] {
			continue
		}
		kind, name, _ := strings.Cut(k, " ")
		if kind == "db" {
			conn.Exec(context.Background(), "DROP DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
		} else {
			roles = append(roles, name)
		}
	}
	for _, r := range roles {
		conn.Exec(context.Background(), "DROP ROLE "+pgx.Identifier{r}.Sanitize())
	}
	// ALTER SYSTEM cases must not leave settings behind either.
	conn.Exec(context.Background(), "ALTER SYSTEM RESET ALL")
}

func scratchLeft(t *testing.T) []string {
	t.Helper()
	conn := superConn(t, "postgres")
	defer conn.Close(context.Background())
	rows, err := conn.Query(context.Background(), `SELECT 'database ' || datname FROM pg_database WHERE datname LIKE 'rbcheck\_verify\_%'
		UNION ALL SELECT 'role ' || rolname FROM pg_roles WHERE rolname LIKE 'rbcheck\_verify\_%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var left []string
	for rows.Next() {
		var s string
		if rows.Scan(&s) == nil {
			left = append(left, s)
		}
	}
	return left
}
