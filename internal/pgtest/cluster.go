// Package pgtest starts a throwaway PostgreSQL cluster with initdb and pg_ctl
// in a temporary directory, listening only on a unix socket there, and
// removes it when stopped. When the process runs as root (CI containers),
// the server runs as the unprivileged `postgres` system user (initdb refuses
// to run as root).
package pgtest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Cluster is a running throwaway cluster.
type Cluster struct {
	BinDir  string
	Dir     string // temporary directory holding data and socket
	Port    int
	Version int // server major version
	User    string

	cred *syscall.Credential
	once sync.Once
}

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

// Start creates and starts a cluster with the binaries in binDir.
func Start(binDir string) (*Cluster, error) {
	if _, err := os.Stat(filepath.Join(binDir, "initdb")); err != nil {
		return nil, fmt.Errorf("%s has no initdb: %w", binDir, err)
	}
	dir, err := os.MkdirTemp("", "rbcheck-pg-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{BinDir: binDir, Dir: dir, Port: 5432}
	cu, _ := user.Current()
	if cu != nil {
		c.User = cu.Username
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, errors.New("running as root and there is no `postgres` system user to run the server as\nhelp: install PostgreSQL from the distribution's packages (it creates the user) or run as another user")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		c.User = "postgres"
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := c.run("initdb", "-D", data, "-U", c.User, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"); err != nil {
		c.remove()
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	if b, err := os.ReadFile(filepath.Join(data, "PG_VERSION")); err == nil {
		c.Version, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	opts := fmt.Sprintf("-c listen_addresses='' -k %s -p %d -c fsync=off -c synchronous_commit=off -c full_page_writes=off", dir, c.Port)
	if out, err := c.run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		c.remove()
		return nil, fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	return c, nil
}

func (c *Cluster) run(prog string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(c.BinDir, prog), args...)
	cmd.Dir = c.Dir
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// DSN is a connection string for database db on the cluster's socket.
func (c *Cluster) DSN(db string) string {
	return fmt.Sprintf("host=%s port=%d user=%s dbname=%s sslmode=disable", c.Dir, c.Port, c.User, db)
}

// Stop shuts the server down (fast) and removes its directory. It is safe to
// call more than once and from a signal handler.
func (c *Cluster) Stop() {
	c.once.Do(func() {
		data := filepath.Join(c.Dir, "data")
		if _, err := c.run("pg_ctl", "-D", data, "-m", "immediate", "-w", "-t", "30", "stop"); err != nil {
			time.Sleep(100 * time.Millisecond)
		}
		c.remove()
	})
}

func (c *Cluster) remove() { os.RemoveAll(c.Dir) }

// InCI reports whether the tests run in CI (CI=true), where a missing
// PostgreSQL is a failure, not a reason to skip.
func InCI() bool { return os.Getenv("CI") == "true" }

// ForTests starts the cluster the oracle tests share: the binaries in
// $RBCHECK_PG_BIN, else the newest found by FindBin.
func ForTests() (*Cluster, error) {
	bin := os.Getenv("RBCHECK_PG_BIN")
	if bin == "" {
		var err error
		if bin, err = FindBin(); err != nil {
			return nil, err
		}
	}
	return Start(bin)
}
