package gitrev

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
)

// catFile is one long-running `git cat-file --batch`: blob contents by
// object id, one request at a time, without a process per file. It never
// asks for an object known to be missing (a partial clone would try to
// fetch it from its promisor remote, reaching the network, and exit on
// failure).
type catFile struct {
	mu     sync.Mutex
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	dead   error
}

// errMissing is an object the repository does not have.
var errMissing = errors.New("object missing")

func startCatFile(dir string) (*catFile, error) {
	cmd := exec.CommandContext(context.Background(), "git", "cat-file", "--batch")
	cmd.Dir = dir
	cmd.Env = gitEnv()
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, &Error{Msg: "git is not installed or not on PATH"}
		}
		return nil, &Error{Msg: "git cat-file: " + err.Error()}
	}
	c := &catFile{cmd: cmd, stdin: in, stdout: bufio.NewReaderSize(out, 64<<10)}
	registerProc(c)
	return c, nil
}

// read returns the content of blob oid, refusing one larger than limit
// bytes (limit <= 0: no limit) with a *TooLargeError, without reading it.
func (c *catFile) read(oid string, limit int64) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dead != nil {
		return nil, c.dead
	}
	if _, err := io.WriteString(c.stdin, oid+"\n"); err != nil {
		return nil, c.fail(err)
	}
	header, err := c.stdout.ReadString('\n')
	if err != nil {
		return nil, c.fail(err)
	}
	f := strings.Fields(header)
	if len(f) == 2 && f[1] == "missing" {
		return nil, errMissing
	}
	if len(f) != 3 {
		return nil, c.fail(fmt.Errorf("unexpected reply %q", strings.TrimSpace(header)))
	}
	size, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || size < 0 {
		return nil, c.fail(fmt.Errorf("unexpected size in %q", strings.TrimSpace(header)))
	}
	if limit > 0 && size > limit {
		// skip the content and the newline after it
		if _, err := io.CopyN(io.Discard, c.stdout, size+1); err != nil {
			return nil, c.fail(err)
		}
		return nil, &TooLargeError{Size: size, Limit: limit}
	}
	buf := make([]byte, size+1)
	if _, err := io.ReadFull(c.stdout, buf); err != nil {
		return nil, c.fail(err)
	}
	return buf[:size], nil
}

func (c *catFile) fail(err error) error {
	c.dead = &Error{Msg: "git cat-file: " + err.Error()}
	c.close()
	return c.dead
}

func (c *catFile) close() {
	if c.stdin != nil {
		_ = c.stdin.Close()
	}
	if c.cmd != nil && c.cmd.Process != nil {
		_ = c.cmd.Process.Kill()
		_ = c.cmd.Wait()
	}
	c.cmd, c.stdin = nil, nil
}

// TooLargeError is a file over a size limit.
type TooLargeError struct{ Size, Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("file is %d bytes, over the limit of %d bytes", e.Size, e.Limit)
}
