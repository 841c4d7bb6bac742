// Package modelwriteuse writes gorm models through another package's
// writer: each call is the write of the model's table.
package modelwriteuse

import (
	"context"

	"gorm.io/gorm"

	"modelwritedb"
)

// Library names its table.
type Library struct { // want "credential_library model exact" "credential_library.public_id model exact" "credential_library.store_id model exact"
	PublicID string `gorm:"primaryKey"`
	StoreID  string
}

func (Library) TableName() string { return "credential_library" } // want TableName:`returns "credential_library"`

// Store's table is gorm's plural of its name: not sure.
type Store struct { // want "stores model partial" "stores.public_id model partial"
	PublicID string `gorm:"primaryKey"`
}

type Repository struct{ w modelwritedb.Writer }

func (r *Repository) DeleteLibrary(ctx context.Context, id string) error {
	l := &Library{PublicID: id}
	_, err := r.w.Delete(ctx, l) // want "credential_library delete exact \\(interface Writer.Delete\\)"
	return err
}

func (r *Repository) CreateLibrary(ctx context.Context, l Library) error {
	return r.w.Create(ctx, &l) // want "credential_library insert exact \\(interface Writer.Create\\)" "credential_library.public_id insert exact" "credential_library.store_id insert exact"
}

func (r *Repository) UpdateLibrary(ctx context.Context, l *Library) error {
	return r.w.Update(ctx, l) // want "credential_library update partial certain \\(interface Writer.Update\\)"
}

func (r *Repository) DeleteStore(ctx context.Context, s *Store) error {
	return remove(ctx, r.w, s) // want "stores delete partial \\(wrapper modelwriteuse.remove\\)"
}

// remove passes on a model of any type: its callers' calls are the writes.
func remove(ctx context.Context, w modelwritedb.Writer, m any) error { // want remove:"model delete arg 2 via gorm"
	_, err := w.Delete(ctx, m)
	return err
}

// ok twins: a read through the writer, a value the writer's Touch writes
// to a table of its own, and a model of a type not known here (v: Others
// passes it on, its callers' calls would be the writes).
func (r *Repository) Others(ctx context.Context, l *Library, v any) error { // want Others:"model delete arg 2 via gorm"
	if err := r.w.Lookup(ctx, l); err != nil {
		return err
	}
	if err := r.w.Touch(ctx, l); err != nil {
		return err
	}
	_, err := r.w.Delete(ctx, v)
	return err
}

// Grant is soft deleted (gorm.DeletedAt): the writer's Delete sets
// deleted_at, its Purge deletes (Library, without one, is deleted by both).
type Grant struct { // want "grants model exact \\(gorm\\)" "grants.id model exact" "grants.deleted_at model exact"
	ID        int64
	DeletedAt gorm.DeletedAt
}

func (Grant) TableName() string { return "grants" } // want TableName:`returns "grants"`

func (r *Repository) RevokeGrant(ctx context.Context, g *Grant) error {
	if _, err := r.w.Delete(ctx, g); err != nil { // want "grants update exact \\(interface Writer.Delete\\)" "grants.deleted_at select exact" "grants.deleted_at update exact"
		return err
	}
	_, err := r.w.Purge(ctx, g) // want "grants delete exact \\(interface Writer.Purge\\)"
	return err
}
