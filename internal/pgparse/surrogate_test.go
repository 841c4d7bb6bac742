package pgparse

import "testing"

// TestSurrogateEscape: the scanner refuses a first surrogate escape without
// a second one at the character after it (a closing quote, another escape).
// Each such statement reports its error once, where Postgres does, and the
// statements around it are still read (blanking the character at the
// cursor never helped: the file was given up after 64 tries).
func TestSurrogateEscape(t *testing.T) {
	src := "SELECT 1;\nSELECT E'wrong: \\udb99';\nSELECT E'wrong: \\udb99\\u0061';\nSELECT E'wrong: \\udb99xy';\nSELECT 2;\n"
	stmts, errs := Parse("f.sql", src)
	var texts []string
	for _, s := range stmts {
		texts = append(texts, s.Text)
	}
	if len(texts) != 2 || texts[0] != "SELECT 1" || texts[1] != "SELECT 2" {
		t.Errorf("statements %q, want SELECT 1 and SELECT 2", texts)
	}
	want := []struct{ line, col int }{{2, 23}, {3, 23}, {4, 23}}
	if len(errs) != len(want) {
		t.Fatalf("%d errors, want %d: %v", len(errs), len(want), errs)
	}
	for i, e := range errs {
		if e.Pos.Line != want[i].line || e.Pos.Col != want[i].col || e.Msg[:len("invalid Unicode surrogate pair")] != "invalid Unicode surrogate pair" {
			t.Errorf("error %d: %d:%d %q, want %d:%d invalid Unicode surrogate pair", i, e.Pos.Line, e.Pos.Col, e.Msg, want[i].line, want[i].col)
		}
	}
}
