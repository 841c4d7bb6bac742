package pgparse

import (
	"strings"
	"testing"
)

func TestScanTokens(t *testing.T) {
	toks := qScanTokens(`SELECT "Full Name", u.id -- trailing ? comment
		FROM Users u /* block */ WHERE x = 'it''s'`)
	var words []string
	for _, tk := range toks {
		if tk.word != "" {
			words = append(words, tk.word)
		}
	}
	if got, want := strings.Join(words, ","), "select,Full Name,u,id,from,users,u,where,x"; got != want {
		t.Errorf("words = %s, want %s", got, want)
	}
	for _, tk := range toks {
		if strings.Contains(tk.raw, "comment") || strings.Contains(tk.raw, "block") {
			t.Errorf("comment token kept: %q", tk.raw)
		}
	}
	if !toks[1].quoted || toks[0].quoted {
		t.Errorf("quoted flags wrong: %+v %+v", toks[0], toks[1])
	}
}

func TestScanTokensUnterminated(t *testing.T) {
	// dynamic SQL often ends a fragment inside a string literal
	toks := qScanTokens("SELECT id FROM users WHERE name = '")
	if len(toks) != 7 || toks[len(toks)-1].raw != "=" {
		var raws []string
		for _, tk := range toks {
			raws = append(raws, tk.raw)
		}
		t.Errorf("tokens before the unterminated string = %q", raws)
	}
	if toks := qScanTokens(`"`); len(toks) != 0 {
		t.Errorf("lone quote gave %d tokens", len(toks))
	}
}

func TestTokenIsName(t *testing.T) {
	cases := map[string]bool{
		"email": true, `"Order"`: true, "name": true, "type": true, "data": true,
		"select": false, "set": false, "nulls": false, "conflict": false, "int": false, "from": false,
	}
	for src, want := range cases {
		toks := qScanTokens(src)
		if len(toks) != 1 {
			t.Fatalf("%q: %d tokens", src, len(toks))
		}
		if got := toks[0].isName(); got != want {
			t.Errorf("%q isName = %v, want %v", src, got, want)
		}
	}
}
