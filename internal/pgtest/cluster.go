// Package pgtest starts a throwaway PostgreSQL cluster for `rbcheck verify`
// and the tests, and removes it.
//
// The cluster is safe to hand untrusted SQL (the migrations of a pull
// request) as far as the operating system is concerned:
//
//   - it lives in a private directory (mode 0700) under the temporary
//     directory and listens only on a Unix socket there (listen_addresses is
//     empty: no TCP port);
//   - when rbcheck runs as root (CI containers), the server runs as the
//     unprivileged system user rbcheck-verify (created with useradd when
//     missing), with no supplementary groups: never as root, and never as the
//     `postgres` user, which owns the machine's real clusters;
//   - the server is rbcheck's child in its own process group, with a
//     parent-death signal: if rbcheck dies (even by SIGKILL) the kernel tells
//     the server to shut down at once;
//   - it is registered with internal/interrupt as it is made, so SIGINT,
//     SIGTERM and SIGHUP stop the server (waiting until it has exited) and
//     remove its directory;
//   - the directory holds a lock file that rbcheck keeps locked while it
//     runs (interrupt.LockedDir); SweepStale removes clusters whose lock is
//     free (their rbcheck was killed) on the next run, stopping a server
//     still running in them.
//
// The SQL of the migrations is not run as the cluster's superuser: verify
// creates a non-superuser role for it (see internal/verify).
package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/rbcheck/rbcheck/internal/interrupt"
)

// ServerOSUser is the system user the server runs as when rbcheck runs as
// root.
const ServerOSUser = "rbcheck-verify"

// Superuser is the cluster's bootstrap superuser role. Only verify's own
// set-up uses it; migrations run as a role verify creates.
const Superuser = "rbcheck"

// dirPrefix starts the name of every cluster directory (SweepStale finds
// them by it).
const dirPrefix = "rbcheck-pg-"

// Cluster is a running throwaway cluster.
type Cluster struct {
	BinDir  string
	Dir     string // the private directory: lock file, and run/ (data, socket, log)
	Port    int
	Version int    // server major version
	User    string // the bootstrap superuser role (Superuser)
	OSUser  string // the operating-system user the server runs as
	// Notes are things the caller should tell the user (a system user was
	// created).
	Notes []string

	cred   *syscall.Credential
	lock   *os.File
	handle *interrupt.Handle

	mu      sync.Mutex // guards stopped and proc
	stopped bool
	proc    *os.Process
	done    chan struct{} // closed when proc has exited
	server  bool          // proc is the postmaster (not initdb)
}

// RunDir is the socket directory, which also holds data/ and the server log.
func (c *Cluster) RunDir() string { return filepath.Join(c.Dir, "run") }

func (c *Cluster) dataDir() string { return filepath.Join(c.RunDir(), "data") }

// FindBin returns the newest Debian-style /usr/lib/postgresql/N/bin holding
// initdb, or the directory of initdb on PATH.
func FindBin() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return majorOf(dirs[i]) > majorOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin and PATH)")
}

func majorOf(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// Start creates and starts a cluster with the binaries in binDir. A signal
// (internal/interrupt) stops the start and removes what was made.
func Start(binDir string) (*Cluster, error) {
	for _, p := range []string{"initdb", "postgres"} {
		if _, err := os.Stat(filepath.Join(binDir, p)); err != nil {
			return nil, fmt.Errorf("%s has no %s: %w", binDir, p, err)
		}
	}
	c := &Cluster{BinDir: binDir, Port: 5432, User: Superuser}
	if os.Geteuid() == 0 {
		u, created, err := serverUser()
		if err != nil {
			return nil, err
		}
		if created {
			c.Notes = append(c.Notes, fmt.Sprintf("created the system user %s to run throwaway PostgreSQL clusters (as root, rbcheck never runs the server as root or as postgres, which can reach the real clusters' files)", ServerOSUser))
		}
		uid, _ := strconv.ParseUint(u.Uid, 10, 32)
		gid, _ := strconv.ParseUint(u.Gid, 10, 32)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}
		c.OSUser = u.Username
	} else if cu, err := user.Current(); err == nil {
		c.OSUser = cu.Username
	}

	tmp := os.TempDir()
	if n := len(tmp) + len("/"+dirPrefix+"0123456789/run/.s.PGSQL.5432"); n > 100 {
		return nil, fmt.Errorf("the temporary directory %s is too long for a Unix socket path (%d bytes; at most 100)\nhelp: set TMPDIR to a shorter directory, e.g. /tmp", tmp, n)
	}
	h, err := interrupt.Create("the throwaway PostgreSQL cluster", func() (func() error, error) {
		dir, lock, err := interrupt.LockedDir(dirPrefix)
		if err != nil {
			return nil, err
		}
		c.Dir, c.lock = dir, lock
		return c.stop, nil
	})
	if err != nil {
		return nil, err
	}
	c.handle = h
	if err := c.start(); err != nil {
		if serr := c.Close(); serr != nil {
			err = fmt.Errorf("%w (and removing the cluster failed: %v)", err, serr)
		}
		return nil, err
	}
	return c, nil
}

func (c *Cluster) start() error {
	run := c.RunDir()
	if err := os.Mkdir(run, 0o700); err != nil {
		return err
	}
	if c.cred != nil {
		// The lock file stays root's; the server user can reach run/ only.
		if err := os.Chmod(c.Dir, 0o711); err != nil {
			return err
		}
		if err := os.Chown(run, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
			return err
		}
		if p := unreachable(c.Dir, c.cred.Uid, c.cred.Gid); p != "" {
			return fmt.Errorf("the server user %s cannot reach %s: %s is not searchable by other users\nhelp: set TMPDIR to a directory every user can traverse, e.g. /tmp", c.OSUser, c.Dir, p)
		}
	}
	out, err := c.run("initdb", "-D", c.dataDir(), "-U", c.User, "--auth-local=trust", "--auth-host=reject",
		"-E", "UTF8", "--no-locale", "--no-sync")
	if err != nil {
		return fmt.Errorf("initdb: %v\n%s", err, out)
	}
	if b, err := os.ReadFile(filepath.Join(c.dataDir(), "PG_VERSION")); err == nil {
		c.Version, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	return c.serve()
}

// serverSettings keep the cluster private (no TCP, a socket only its user
// can open), cheap (no durability, no background work) and leaving nothing
// outside its directory (dynamic shared memory in files there).
func (c *Cluster) serverSettings() []string {
	return []string{
		"listen_addresses=",
		"unix_socket_directories=" + c.RunDir(),
		"unix_socket_permissions=0700",
		"port=" + strconv.Itoa(c.Port),
		"dynamic_shared_memory_type=mmap",
		"fsync=off", "synchronous_commit=off", "full_page_writes=off",
		"wal_level=minimal", "max_wal_senders=0", "autovacuum=off", "jit=off",
		"shared_buffers=16MB", "max_connections=20",
		"logging_collector=off",
	}
}

// serve starts the postmaster as a child and waits until it accepts
// connections.
func (c *Cluster) serve() error {
	logf, err := os.OpenFile(filepath.Join(c.RunDir(), "log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return err
	}
	defer logf.Close()
	args := []string{"-D", c.dataDir()}
	for _, s := range c.serverSettings() {
		args = append(args, "-c", s)
	}
	cmd := c.command("postgres", args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	// The kernel tells the server to shut down immediately (SIGQUIT) when
	// rbcheck dies, also by SIGKILL. The parent-death signal belongs to the
	// thread that started the child, so that thread stays locked to this
	// goroutine until the server has exited.
	cmd.SysProcAttr.Pdeathsig = syscall.SIGQUIT
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		// Not unlocked: the thread ends with the goroutine, after the server.
		if err := c.startProc(cmd, true); err != nil {
			started <- err
			return
		}
		started <- nil
		_ = cmd.Wait()
		close(c.done)
	}()
	if err := <-started; err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(interrupt.Context(), 60*time.Second)
	defer cancel()
	for {
		cctx, ccancel := context.WithTimeout(ctx, 5*time.Second)
		conn, err := pgconn.Connect(cctx, c.DSN("postgres"))
		ccancel()
		if err == nil {
			conn.Close(context.Background())
			return nil
		}
		select {
		case <-c.done:
			log, _ := os.ReadFile(filepath.Join(c.RunDir(), "log"))
			return fmt.Errorf("the PostgreSQL server exited while starting:\n%s", log)
		case <-ctx.Done():
			log, _ := os.ReadFile(filepath.Join(c.RunDir(), "log"))
			return fmt.Errorf("the PostgreSQL server did not accept connections: %v (%v)\n%s", ctx.Err(), err, log)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (c *Cluster) command(prog string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(c.BinDir, prog), args...)
	cmd.Dir = c.RunDir()
	// Its own process group: a Ctrl-C in the terminal reaches rbcheck, which
	// stops the server in order, not the server directly.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: c.cred}
	env := []string{"PATH=/usr/bin:/bin", "HOME=" + c.RunDir(), "LC_ALL=C", "TZ=UTC"}
	if c.cred != nil {
		env = append(env, "USER="+c.OSUser, "LOGNAME="+c.OSUser)
	}
	cmd.Env = env
	return cmd
}

// startProc starts cmd unless the cluster is being stopped, and records it
// so that stop ends it.
func (c *Cluster) startProc(cmd *exec.Cmd, server bool) error {
	return interrupt.Guard(func() error {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.stopped {
			return interrupt.ErrInterrupted
		}
		if err := cmd.Start(); err != nil {
			return err
		}
		c.proc, c.server, c.done = cmd.Process, server, make(chan struct{})
		return nil
	})
}

// run runs one of the cluster's programs (initdb) to completion.
func (c *Cluster) run(prog string, args ...string) ([]byte, error) {
	cmd := c.command(prog, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	if err := c.startProc(cmd, false); err != nil {
		return nil, err
	}
	err := cmd.Wait()
	c.mu.Lock()
	close(c.done)
	c.proc = nil
	c.mu.Unlock()
	return out.Bytes(), err
}

// DSN is a connection string for database db on the cluster's socket, as
// the bootstrap superuser.
func (c *Cluster) DSN(db string) string {
	return fmt.Sprintf("host=%s port=%d user=%s dbname=%s sslmode=disable", c.RunDir(), c.Port, c.User, db)
}

// Stop shuts the server down and removes its directory. It is safe to call
// more than once, also while the signal handler is removing the cluster.
func (c *Cluster) Stop() { _ = c.Close() }

// Close is Stop, returning what went wrong: a server that did not exit or
// a directory that could not be removed.
func (c *Cluster) Close() error { return c.handle.Remove() }

// stop is the cluster's undo, run once: it ends initdb or the server and
// waits until it has exited, then removes the directory.
func (c *Cluster) stop() error {
	c.mu.Lock()
	c.stopped = true
	proc, server, done := c.proc, c.server, c.done
	c.mu.Unlock()
	var errs []error
	if proc != nil {
		if server {
			// Immediate shutdown: the postmaster stops its children and
			// removes its shared memory.
			_ = proc.Signal(syscall.SIGQUIT)
		} else {
			_ = syscall.Kill(-proc.Pid, syscall.SIGKILL) // initdb and the backend it runs
		}
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-proc.Pid, syscall.SIGKILL)
			_ = proc.Kill()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				errs = append(errs, fmt.Errorf("the PostgreSQL server (pid %d) did not exit", proc.Pid))
			}
		}
	}
	if len(errs) == 0 {
		if err := interrupt.RemoveAll(c.Dir); err != nil {
			errs = append(errs, err)
		}
	}
	if c.lock != nil {
		c.lock.Close()
	}
	return errors.Join(errs...)
}

// unreachable returns the first directory above dir that uid/gid cannot
// search, or "".
func unreachable(dir string, uid, gid uint32) string {
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		if err != nil {
			return d
		}
		sys, ok := st.Sys().(*syscall.Stat_t)
		mode := st.Mode().Perm()
		switch {
		case !ok:
		case sys.Uid == uid:
			if mode&0o100 == 0 {
				return d
			}
		case sys.Gid == gid:
			if mode&0o010 == 0 {
				return d
			}
		default:
			if mode&0o001 == 0 {
				return d
			}
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// serverUser looks up ServerOSUser, creating it as a system user (no home,
// no shell, its own group) when it is missing. created says it was made.
func serverUser() (u *user.User, created bool, err error) {
	u, err = user.Lookup(ServerOSUser)
	if err != nil {
		var unknown user.UnknownUserError
		if !errors.As(err, &unknown) {
			return nil, false, err
		}
		var out string
		// Several rbcheck processes (parallel test packages) may create it at
		// once: useradd then fails on the locked passwd file or the existing
		// user, and the lookup after it finds the user the other one made.
		for attempt := 0; attempt < 10 && u == nil; attempt++ {
			time.Sleep(time.Duration(100*attempt) * time.Millisecond)
			out = addUser()
			u, _ = user.Lookup(ServerOSUser)
		}
		if u == nil {
			return nil, false, fmt.Errorf("running as root and there is no system user %s to run the throwaway PostgreSQL as (creating it failed: %s)\nhelp: create it (useradd --system --user-group --no-create-home --shell /usr/sbin/nologin %s), or run rbcheck as an unprivileged user", ServerOSUser, out, ServerOSUser)
		}
		created = true
	}
	if u.Uid == "0" {
		return nil, false, fmt.Errorf("the system user %s has uid 0: rbcheck will not run the throwaway PostgreSQL as root", ServerOSUser)
	}
	if pg, err := user.Lookup("postgres"); err == nil && pg.Uid == u.Uid {
		return nil, false, fmt.Errorf("the system user %s has the uid of postgres, which owns the machine's real clusters", ServerOSUser)
	}
	return u, created, nil
}

// addUser runs useradd (busybox adduser where there is no useradd) for
// ServerOSUser and returns its output.
func addUser() string {
	args := []string{"useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
		"--shell", "/usr/sbin/nologin", "--comment", "rbcheck verify throwaway PostgreSQL clusters", ServerOSUser}
	if _, err := exec.LookPath("useradd"); err != nil {
		args = []string{"adduser", "-S", "-D", "-H", "-h", "/nonexistent", "-s", "/sbin/nologin", ServerOSUser}
	}
	out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
	if err != nil && len(out) == 0 {
		return err.Error()
	}
	return strings.TrimSpace(string(out))
}

// SweepStale removes throwaway clusters left behind by an rbcheck that was
// killed (SIGKILL, a crash, a machine reboot): directories under the
// temporary directory whose lock file no process holds. A server still
// running in one is shut down first (normally it went down with its
// rbcheck, by the parent-death signal). It returns the directories removed.
func SweepStale() ([]string, error) {
	removed, err := interrupt.SweepStale(dirPrefix, func(d string) error {
		var errs []error
		for _, data := range []string{filepath.Join(d, "run", "data"), filepath.Join(d, "data")} {
			errs = append(errs, stopServerIn(data))
		}
		return errors.Join(errs...)
	})
	// Servers whose directory is already gone (removed under a running
	// server by an older rbcheck) still run in it.
	var errs []error
	for _, pid := range orphanServers(os.TempDir()) {
		errs = append(errs, stopPid(pid))
	}
	return removed, errors.Join(append(errs, err)...)
}

// stopServerIn stops the postmaster of data directory data, if one runs.
func stopServerIn(data string) error {
	b, err := os.ReadFile(filepath.Join(data, "postmaster.pid"))
	if err != nil {
		return nil
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil || pid <= 1 {
		return nil
	}
	// Only a process working in that directory: the pid may have been reused.
	if cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid)); err != nil || strings.TrimSuffix(cwd, " (deleted)") != data {
		return nil
	}
	return stopPid(pid)
}

// orphanServers lists the processes whose working directory is a deleted
// data directory of a throwaway cluster under tmp.
func orphanServers(tmp string) []int {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid <= 1 {
			continue
		}
		cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid))
		if err != nil || !strings.HasSuffix(cwd, "/data (deleted)") || !strings.HasPrefix(cwd, filepath.Join(tmp, dirPrefix)) {
			continue
		}
		if comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid)); err != nil || !strings.HasPrefix(string(comm), "postgres") {
			continue
		}
		if stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil && isPostmaster(stat) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// isPostmaster tells the postmaster from its children by its parent: a
// child's parent is a postgres process too.
func isPostmaster(stat []byte) bool {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return false
	}
	f := strings.Fields(string(stat[i+1:]))
	if len(f) < 2 {
		return false
	}
	comm, err := os.ReadFile("/proc/" + f[1] + "/comm")
	return err != nil || !strings.HasPrefix(string(comm), "postgres")
}

// stopPid shuts a postmaster down immediately and waits until it is gone.
func stopPid(pid int) error {
	_ = syscall.Kill(pid, syscall.SIGQUIT)
	for i := 0; i < 100; i++ {
		if syscall.Kill(pid, 0) != nil || zombie(pid) {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
	for i := 0; i < 40; i++ {
		if syscall.Kill(pid, 0) != nil || zombie(pid) {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("the stale PostgreSQL server (pid %d) did not exit", pid)
}

func zombie(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	i := bytes.LastIndexByte(b, ')')
	return i >= 0 && i+2 < len(b) && b[i+2] == 'Z'
}

// InCI reports whether the tests run in CI (CI=true), where a missing
// PostgreSQL is a failure, not a reason to skip.
func InCI() bool { return os.Getenv("CI") == "true" }

// AdminRole is the role ForTests creates for --dsn: it may create databases
// and roles but is no superuser, like the account a CI job should give
// verify.
const AdminRole = "rbcheck_ci"

// AdminDSN connects to database db as AdminRole (made by ForTests).
func (c *Cluster) AdminDSN(db string) string {
	return fmt.Sprintf("host=%s port=%d user=%s dbname=%s sslmode=disable", c.RunDir(), c.Port, AdminRole, db)
}

// ForTests starts the cluster the oracle tests share: the binaries in
// $RBCHECK_PG_BIN, else the newest found by FindBin. It creates AdminRole.
func ForTests() (*Cluster, error) {
	bin := os.Getenv("RBCHECK_PG_BIN")
	if bin == "" {
		var err error
		if bin, err = FindBin(); err != nil {
			return nil, err
		}
	}
	_, _ = SweepStale()
	c, err := Start(bin)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgconn.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		c.Stop()
		return nil, err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE ROLE "+AdminRole+" LOGIN CREATEDB CREATEROLE").ReadAll(); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

// LogTail returns the end of the server log, for test failures.
func (c *Cluster) LogTail() string {
	f, err := os.Open(filepath.Join(c.RunDir(), "log"))
	if err != nil {
		return ""
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > 4096 {
		_, _ = f.Seek(st.Size()-4096, io.SeekStart)
	}
	b, _ := io.ReadAll(f)
	return string(b)
}
