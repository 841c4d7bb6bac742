package pgtest

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rbcheck/rbcheck/internal/scenario"
)

func needBin(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("RBCHECK_PG_BIN")
	if bin == "" {
		var err error
		if bin, err = FindBin(); err != nil {
			if InCI() {
				t.Fatalf("PostgreSQL is required in CI: %v", err)
			}
			t.Skipf("no PostgreSQL: %v", err)
		}
	}
	return bin
}

func TestStartStop(t *testing.T) {
	bin := needBin(t)
	scenario.PrivateTmp(t, "pgtest-")
	c, err := Start(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	conn, err := pgx.Connect(context.Background(), c.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	var v int
	var listen, socketDir string
	var super bool
	if err := conn.QueryRow(context.Background(), `SELECT current_setting('server_version_num')::int / 10000,
		current_setting('listen_addresses'), current_setting('unix_socket_directories'), current_setting('is_superuser') = 'on'`).Scan(&v, &listen, &socketDir, &super); err != nil {
		t.Fatal(err)
	}
	conn.Close(context.Background())
	if v != c.Version || v == 0 {
		t.Errorf("server says major %d, PG_VERSION says %d", v, c.Version)
	}
	if listen != "" || socketDir != c.RunDir() || !super {
		t.Errorf("listen_addresses %q (want none), socket directory %q (want %s), superuser %v", listen, socketDir, c.RunDir(), super)
	}
	// The server runs as an unprivileged user: never root, never postgres.
	b, err := os.ReadFile(filepath.Join(c.RunDir(), "data", "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	st, err := os.Stat("/proc/" + strconv.Itoa(pid))
	if err != nil {
		t.Fatal(err)
	}
	uid := st.Sys().(*syscall.Stat_t).Uid
	if os.Geteuid() == 0 {
		if uid == 0 || c.OSUser != ServerOSUser {
			t.Errorf("as root the server runs as uid %d (%s), want %s", uid, c.OSUser, ServerOSUser)
		}
	} else if int(uid) != os.Geteuid() {
		t.Errorf("server runs as uid %d, want %d", uid, os.Geteuid())
	}
	if st, err := os.Stat(c.RunDir()); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("socket directory mode %v, %v: want 0700", st.Mode().Perm(), err)
	}
	c.Stop()
	if _, err := os.Stat(c.Dir); !os.IsNotExist(err) {
		t.Errorf("%s still exists after Stop", c.Dir)
	}
	if syscall.Kill(pid, 0) == nil && !zombie(pid) {
		t.Errorf("postmaster %d still runs after Stop", pid)
	}
}

// A cluster whose rbcheck was killed (its lock free, its server running)
// is stopped and removed by the next SweepStale; a cluster in use is not.
func TestSweepStale(t *testing.T) {
	bin := needBin(t)
	tmp := scenario.PrivateTmp(t, "pgtest-")
	c, err := Start(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	if removed, err := SweepStale(); len(removed) != 0 || err != nil {
		t.Fatalf("SweepStale removed %v (%v) while the cluster is in use", removed, err)
	}
	if _, err := os.Stat(c.Dir); err != nil {
		t.Fatalf("cluster in use removed: %v", err)
	}
	// Simulate a killed rbcheck: release the lock, keep the server running
	// (detach it so Stop does not touch it).
	c.mu.Lock()
	proc := c.proc
	c.proc = nil
	c.mu.Unlock()
	c.lock.Close()
	removed, err := SweepStale()
	if err != nil || len(removed) != 1 || removed[0] != c.Dir {
		t.Fatalf("SweepStale removed %v (%v), want %s", removed, err, c.Dir)
	}
	select {
	case <-c.done:
	case <-time.After(10 * time.Second):
		t.Errorf("stale server %d still runs", proc.Pid)
		proc.Kill()
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}
