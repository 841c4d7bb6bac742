package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTreesApplyMovesAndNewFiles(t *testing.T) {
	for _, s := range Load(t, filepath.Join("..", "..", "testdata", "scenarios")) {
		if len(s.Move) == 0 {
			continue
		}
		oldDir, newDir := s.Trees(t)
		for _, m := range s.Move {
			if _, err := os.Stat(filepath.Join(oldDir, m[0])); err != nil {
				t.Errorf("%s: old tree lacks %s: %v", s.Name, m[0], err)
			}
			if _, err := os.Stat(filepath.Join(newDir, m[0])); !os.IsNotExist(err) {
				t.Errorf("%s: new tree still has moved %s", s.Name, m[0])
			}
			if _, err := os.Stat(filepath.Join(newDir, m[1])); err != nil {
				t.Errorf("%s: new tree lacks %s: %v", s.Name, m[1], err)
			}
		}
		for name, data := range s.New {
			b, err := os.ReadFile(filepath.Join(newDir, name))
			if err != nil || string(b) != data {
				t.Errorf("%s: new tree's %s differs from the scenario's: %v", s.Name, name, err)
			}
		}
		return
	}
	t.Fatal("no scenario moves a file")
}

func TestSplitArgs(t *testing.T) {
	got, err := SplitArgs(`lint  'a b' "c'd" e`)
	if err != nil || strings.Join(got, "|") != "lint|a b|c'd|e" {
		t.Errorf("SplitArgs = %q, %v", got, err)
	}
	if _, err := SplitArgs(`lint 'x`); err == nil {
		t.Error("unterminated quote accepted")
	}
}
