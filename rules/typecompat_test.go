package rules

import (
	"testing"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func tn(name string, mods ...int) sqlast.TypeName { return sqlast.TypeName{Name: name, Mods: mods} }

func TestBinaryCompatible(t *testing.T) {
	arr := func(x sqlast.TypeName) sqlast.TypeName { x.Array = true; return x }
	cases := []struct {
		from, to sqlast.TypeName
		want     bool
	}{
		{tn("varchar", 20), tn("varchar", 40), true},
		{tn("varchar", 20), tn("varchar", 10), false},
		{tn("varchar", 20), tn("varchar"), true},
		{tn("varchar"), tn("varchar", 20), false},
		{tn("varchar", 20), tn("text"), true},
		{tn("character varying", 20), tn("text"), true},
		{tn("text"), tn("varchar"), true},
		{tn("text"), tn("varchar", 255), false},
		{tn("bpchar", 2), tn("text"), false},
		{tn("bpchar", 2), tn("bpchar", 3), false},
		{tn("bpchar", 2), tn("bpchar", 2), true},
		{tn("int4"), tn("int8"), false},
		{tn("integer"), tn("int4"), true},
		{tn("int8"), tn("int4"), false},
		{tn("numeric", 10, 2), tn("numeric", 12, 2), true},
		{tn("numeric", 10, 2), tn("numeric", 12, 4), false},
		{tn("numeric", 10, 2), tn("numeric", 8, 2), false},
		{tn("numeric", 10, 2), tn("numeric"), true},
		{tn("numeric"), tn("numeric", 10, 2), false},
		{tn("numeric", 10), tn("numeric", 12), true},
		{tn("timestamp"), tn("timestamptz"), false},
		{tn("timestamptz", 3), tn("timestamptz", 6), true},
		{tn("timestamptz", 6), tn("timestamptz", 3), false},
		{tn("timestamptz", 3), tn("timestamptz"), true},
		{tn("cidr"), tn("inet"), true},
		{tn("inet"), tn("cidr"), false},
		{tn("json"), tn("jsonb"), false},
		{tn("xml"), tn("text"), true},
		{tn("text"), tn("citext"), true},
		{tn("varbit", 8), tn("varbit", 16), true},
		{tn("bit", 8), tn("varbit"), true},
		{tn("bit", 8), tn("varbit", 4), false},
		{arr(tn("varchar", 20)), arr(tn("text")), true},
		{arr(tn("text")), tn("text"), false},
		{tn("my_enum"), tn("my_enum"), true},
		{tn("my_enum"), tn("text"), false},
		{sqlast.TypeName{Schema: "a", Name: "t"}, sqlast.TypeName{Schema: "b", Name: "t"}, false},
	}
	for _, c := range cases {
		if got := binaryCompatible(c.from, c.to); got != c.want {
			t.Errorf("binaryCompatible(%v, %v) = %v, want %v", c.from, c.to, got, c.want)
		}
	}
}
