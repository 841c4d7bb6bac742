package sqlast

import "testing"

func TestExprLiteral(t *testing.T) {
	for _, tt := range []struct {
		e    *Expr
		want string
		ok   bool
	}{
		{&Expr{Text: "'0'::xid8", Const: true}, "0", true},
		{&Expr{Text: "'it''s'", Const: true}, "it's", true},
		{&Expr{Text: "42", Const: true}, "42", true},
		{&Expr{Text: "'{}'::jsonb", Const: true}, "{}", true},
		{&Expr{Text: "NULL", Const: true, Null: true}, "", false},
		{&Expr{Text: "now()"}, "", false},
		{nil, "", false},
	} {
		got, ok := tt.e.Literal()
		if got != tt.want || ok != tt.ok {
			t.Errorf("%+v: got %q %v, want %q %v", tt.e, got, ok, tt.want, tt.ok)
		}
	}
}
