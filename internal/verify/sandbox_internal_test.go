package verify

import (
	"context"
	"testing"
	"time"
)

func TestAdminConfigTimeouts(t *testing.T) {
	for _, tc := range []struct {
		dsn  string
		opt  time.Duration
		want time.Duration
	}{
		{"host=db.example dbname=x", 0, DefaultConnectTimeout},             // a server that never answers must not hang
		{"host=db.example dbname=x connect_timeout=3", 0, 3 * time.Second}, // the DSN's own
		{"postgres://u@db.example/x?connect_timeout=3", time.Second, time.Second},
	} {
		cfg, err := adminConfig(Options{DSN: tc.dsn, ConnectTimeout: tc.opt})
		if err != nil {
			t.Fatal(err)
		}
		if cfg.ConnectTimeout != tc.want {
			t.Errorf("%s with %v: connect timeout %v, want %v", tc.dsn, tc.opt, cfg.ConnectTimeout, tc.want)
		}
	}
	if _, err := adminConfig(Options{DSN: "postgres://[::1"}); err == nil {
		t.Error("a broken DSN is accepted")
	}
}

func TestNameAge(t *testing.T) {
	now := int64(1_800_000_000)
	for name, want := range map[string]time.Duration{
		"rbcheck_verify_1799992800_0123456789ab": 2 * time.Hour,
		"rbcheck_verify_1800000000_0123456789ab": 0,
	} {
		if got, ok := nameAge(name, now); !ok || got != want {
			t.Errorf("%s: %v %v, want %v", name, got, ok, want)
		}
	}
	// names verify does not make are never taken for stale ones
	for _, name := range []string{"rbcheck_verify_0123456789ab", "rbcheck_verify_1799992800_x", "app", "rbcheck_verify_1799992800_0123456789ab_x"} {
		if _, ok := nameAge(name, now); ok {
			t.Errorf("%s taken for a scratch name", name)
		}
	}
}

func TestStatementContext(t *testing.T) {
	ctx := context.WithValue(context.Background(), stmtTimeoutKey{}, time.Second)
	c, cancel := statementContext(ctx, 3)
	defer cancel()
	dl, ok := c.Deadline()
	if !ok || time.Until(dl) > 4*time.Second || time.Until(dl) < 3*time.Second {
		t.Errorf("3 statements of at most 1s: deadline in %v, want 4s", time.Until(dl))
	}
	c2, cancel2 := statementContext(context.Background(), 3)
	defer cancel2()
	if _, ok := c2.Deadline(); ok {
		t.Error("a deadline without a statement timeout")
	}
}

func TestJudgeMigrationErrors(t *testing.T) {
	pg := &Postgres{Verdict: "rollback-safe", MigrationErrors: []MigrationError{
		{SQLState: "42501", Message: "permission denied to create role"},
		{SQLState: "42P01", Message: "relation \"x\" does not exist"},
	}}
	judgeMigrationErrors(pg)
	if pg.Verdict != Unknown || !pg.MigrationErrors[0].NeedsPrivileges || pg.MigrationErrors[1].NeedsPrivileges {
		t.Errorf("%+v", pg)
	}
	ok := &Postgres{Verdict: "rollback-safe"}
	judgeMigrationErrors(ok)
	if ok.Verdict != "rollback-safe" {
		t.Errorf("no migration error: verdict %s", ok.Verdict)
	}
}
