package plugin

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
)

func TestNewDecodesKebabCaseSettings(t *testing.T) {
	lp, err := New(map[string]any{
		"migrations":      []any{"db/migrations"},
		"baseline-schema": "schema.sql",
		"retiring":        []any{"users.legacy_email"},
		"select-star":     "always",
		"pg-version":      16,
		"config":          ".rbcheck.yaml",
		"complete-schema": true,
		"tag-pattern":     "release-*",
		"search-path":     []any{"auth", "public"},
		"templates":       map[string]any{"Namespace": "auth"},
	})
	if err != nil {
		t.Fatal(err)
	}
	p := lp.(*Plugin)
	s := p.settings
	if len(s.Migrations) != 1 || s.Migrations[0] != "db/migrations" || s.BaselineSchema != "schema.sql" ||
		s.Retiring[0] != "users.legacy_email" || s.SelectStar != "always" || s.PGVersion != 16 || !s.CompleteSchema ||
		s.TagPattern != "release-*" || len(s.SearchPath) != 2 || s.SearchPath[0] != "auth" || s.Templates["Namespace"] != "auth" {
		t.Errorf("decoded %+v", s)
	}
	if lp.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q", lp.GetLoadMode())
	}
	as, err := lp.BuildAnalyzers()
	if err != nil || len(as) != 2 || len(as[0].Requires) != 1 {
		t.Fatalf("analyzers %v, %v", as, err)
	}
}

func TestNewRejectsBadSettings(t *testing.T) {
	for _, conf := range []map[string]any{
		{"migration": []any{"x"}},
		{"select-star": "sometimes"},
		{"pg-version": "seventeen"},
	} {
		if _, err := New(conf); err == nil {
			t.Errorf("%v accepted", conf)
		} else if strings.TrimSpace(err.Error()) == "" {
			t.Errorf("%v: empty error", conf)
		}
	}
	if _, err := New(nil); err != nil {
		t.Errorf("no settings: %v", err)
	}
}
