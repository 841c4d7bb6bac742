package gitrev

import (
	"bytes"
	"context"
	"strings"
)

// ListFiles lists the paths of every file in commit (relative to the
// repository top, slash-separated) under prefix ("" for all). It reads the
// object database with git ls-tree and never touches the work tree.
func (r *Repo) ListFiles(commit, prefix string) ([]string, error) {
	if commit == "" || strings.HasPrefix(commit, "-") {
		return nil, &Error{Msg: "invalid commit " + commit}
	}
	args := []string{"ls-tree", "-r", "-z", "--name-only", "--full-tree", commit}
	if prefix != "" {
		args = append(args, "--", prefix)
	}
	var out bytes.Buffer
	if err := run(context.Background(), r.Dir, &out, args...); err != nil {
		return nil, err
	}
	var files []string
	for _, p := range strings.Split(out.String(), "\x00") {
		if p != "" {
			files = append(files, p)
		}
	}
	return files, nil
}
