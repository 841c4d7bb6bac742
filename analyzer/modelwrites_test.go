package analyzer

import (
	"strings"
	"testing"
)

// TestGoDbwWriterWithoutItsModule: hashicorp/boundary's db.Db passes the
// model it is given to go-dbw's RW (not loaded: the fast driver reads no
// dependencies); calls of its Writer interface are writes of the model's
// table, and go-dbw's reads are not.
func TestGoDbwWriterWithoutItsModule(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"go.mod": "module example.com/app\n",
		"db/db.go": `package db

import (
	"context"

	"github.com/hashicorp/go-dbw"
)

type Writer interface {
	Create(ctx context.Context, i any) error
	Delete(ctx context.Context, i any) (int, error)
	LookupById(ctx context.Context, i any) error
}

type Db struct{ conn *dbw.DB }

func (rw *Db) Create(ctx context.Context, i any) error {
	return dbw.New(rw.conn).Create(ctx, i)
}

func (rw *Db) Delete(ctx context.Context, i any) (int, error) {
	return dbw.New(rw.conn).Delete(ctx, i)
}

func (rw *Db) LookupById(ctx context.Context, i any) error {
	return dbw.New(rw.conn).LookupBy(ctx, i)
}
`,
		"vault/vault.go": `package vault

import (
	"context"

	"example.com/app/db"
)

type CredentialStore struct {
	PublicId string ` + "`gorm:\"primary_key\"`" + `
	Name     string
	tableName string ` + "`gorm:\"-\"`" + `
}

func (s *CredentialStore) TableName() string {
	if s.tableName != "" {
		return s.tableName
	}
	return "credential_vault_store"
}

type Repository struct{ writer db.Writer }

func (r *Repository) DeleteStore(ctx context.Context, id string) error {
	s := &CredentialStore{PublicId: id}
	if err := r.writer.LookupById(ctx, s); err != nil {
		return err
	}
	_, err := r.writer.Delete(ctx, s)
	return err
}

func (r *Repository) CreateStore(ctx context.Context, s *CredentialStore) error {
	return r.writer.Create(ctx, s)
}
`,
	})
	inv, err := ScanDir(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range inv.Refs {
		if strings.HasPrefix(r.Pos.File, "vault/") && r.Kind != "model" {
			got[refKey(r)] = true
		}
	}
	for _, want := range []string{
		"vault/vault.go:29:21 credential_vault_store. delete exact interface Writer.Delete",
		"vault/vault.go:34:18 credential_vault_store. insert exact interface Writer.Create",
		"vault/vault.go:34:18 credential_vault_store.public_id insert exact interface Writer.Create",
		"vault/vault.go:34:18 credential_vault_store.name insert exact interface Writer.Create",
	} {
		if !got[want] {
			t.Errorf("missing %s", want)
		}
	}
	if len(got) != 4 || t.Failed() {
		t.Errorf("got %d uses in vault, want 4 (no read through LookupById): %v", len(got), keys(got))
	}
	for _, d := range inv.Dynamic {
		t.Errorf("dynamic statement %s: %s", d.Pos, d.Reason)
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
