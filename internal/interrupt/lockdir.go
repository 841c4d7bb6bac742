package interrupt

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// LockName is the lock file in every directory LockedDir makes.
const LockName = "rbcheck.lock"

// staleAfter is how old a directory without a lock file must be before
// SweepStale takes it for abandoned: one made by an rbcheck without lock
// files, or an empty name reserved by LockedDir an instant before its
// locked directory is moved there.
const staleAfter = time.Hour

// LockedDir makes a directory named prefix plus a random suffix under the
// temporary directory, holding a lock file that this process keeps locked
// (flock) until lock is closed, or the process ends, however it ends: a
// later rbcheck's SweepStale removes the directory once nobody holds it.
// The directory never appears unlocked: it is assembled under another name
// and moved into place.
func LockedDir(prefix string) (dir string, lock *os.File, err error) {
	tmp := os.TempDir()
	final, err := os.MkdirTemp(tmp, prefix) // reserves the name (empty)
	if err != nil {
		return "", nil, err
	}
	staging, err := os.MkdirTemp(tmp, ".rbcheck-staging-")
	if err != nil {
		os.Remove(final)
		return "", nil, err
	}
	lock, err = os.OpenFile(filepath.Join(staging, LockName), os.O_CREATE|os.O_EXCL|os.O_RDWR|syscall.O_NOFOLLOW, 0o600)
	if err == nil {
		if err = syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			lock.Close()
		}
	}
	if err == nil {
		// rename(2) replaces the empty reserved directory atomically (os.Rename
		// refuses to replace a directory).
		if err = syscall.Rename(staging, final); err != nil {
			lock.Close()
		}
	}
	if err != nil {
		os.RemoveAll(staging)
		os.Remove(final)
		return "", nil, err
	}
	return final, lock, nil
}

// SweepStale removes the directories named prefix* under the temporary
// directory whose lock no process holds (their rbcheck was killed), calling
// stop first with each (to end a server still running in it), and staging
// directories and lock-less ones older than an hour. It skips other users'
// directories and ones in use. It returns the directories removed.
func SweepStale(prefix string, stop func(dir string) error) ([]string, error) {
	tmp := os.TempDir()
	dirs, _ := filepath.Glob(filepath.Join(tmp, prefix+"*"))
	staging, _ := filepath.Glob(filepath.Join(tmp, ".rbcheck-staging-*"))
	var removed []string
	var errs []error
	for _, d := range append(dirs, staging...) {
		st, err := os.Lstat(d)
		if err != nil || !st.IsDir() {
			continue
		}
		if sys, ok := st.Sys().(*syscall.Stat_t); ok && os.Geteuid() != 0 && int(sys.Uid) != os.Geteuid() {
			continue // another user's
		}
		lock, err := os.OpenFile(filepath.Join(d, LockName), os.O_RDWR|syscall.O_NOFOLLOW, 0)
		switch {
		case errors.Is(err, os.ErrNotExist):
			if time.Since(st.ModTime()) < staleAfter {
				continue
			}
		case err != nil:
			continue
		default:
			if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
				lock.Close()
				continue // in use
			}
		}
		if stop != nil {
			if err := stop(d); err != nil {
				errs = append(errs, err)
			}
		}
		if err := RemoveAll(d); err != nil {
			errs = append(errs, fmt.Errorf("removing %s, left by an earlier run: %w", d, err))
		} else {
			removed = append(removed, d)
		}
		if lock != nil {
			lock.Close()
		}
	}
	return removed, errors.Join(errs...)
}
