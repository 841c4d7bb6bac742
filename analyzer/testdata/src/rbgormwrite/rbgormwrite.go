// Package rbgormwrite: what gorm's writes bind to each placeholder, read
// from the model (-report-args), and gorm's soft delete. Each model or
// write that may put NULL in a column has a twin that never does, and
// each soft-deleted model a twin without DeletedAt.
package rbgormwrite

import (
	"database/sql"
	"time"

	"gorm.io/gorm"
	"gorm.io/plugin/soft_delete"
)

// Plain's fields are never NULL; Nick has a default: tag, so Create
// leaves it out when it is nil.
type Plain struct { // want `plains model partial \(gorm\)` `plains\.id model partial \(gorm\)` `plains\.body model partial \(gorm\)` `plains\.seen model partial \(gorm\)` `plains\.nick model partial \(gorm\)` `plains\.stamp model partial \(gorm\)`
	ID    int64 `gorm:"primaryKey"`
	Body  string
	Seen  time.Time
	Nick  *string `gorm:"default:anon"`
	Stamp string  `gorm:"->"`
}

// Nullable's Body and Score may be NULL.
type Nullable struct { // want `nullables model partial \(gorm\)` `nullables\.id model partial \(gorm\)` `nullables\.body model partial \(gorm\)` `nullables\.score model partial \(gorm\)`
	ID    int64 `gorm:"primaryKey"`
	Body  *string
	Score sql.NullInt64
}

// Soft embeds gorm.Model: soft deleted.
type Soft struct { // want `softs model partial \(gorm\)` `softs\.created_at model partial \(gorm\)` `softs\.deleted_at model partial \(gorm\)` `softs\.id model partial \(gorm\)` `softs\.updated_at model partial \(gorm\)` `softs\.name model partial \(gorm\)`
	gorm.Model
	Name string
}

// Flagged uses the soft_delete plugin.
type Flagged struct { // want `flaggeds model partial \(gorm\)` `flaggeds\.id model partial \(gorm\)` `flaggeds\.removed model partial \(gorm\)`
	ID      int64
	Removed soft_delete.DeletedAt `gorm:"softDelete:flag"`
}

func Writes(db *gorm.DB, p *Plain, n *Nullable) {
	db.Create(p)                                                                                   // want `plains insert exact \(gorm\)` `plains\.body insert exact \(gorm\)` `plains\.id insert exact \(gorm\)` `plains\.nick insert exact \(gorm\)` `plains\.seen insert exact \(gorm\)` `arg \$1: p\.ID int64, never NULL` `arg \$2: p\.Body string, never NULL` `arg \$3: p\.Seen time\.Time, never NULL` `arg \$4: p\.Nick \(gorm's Create leaves it out when it is zero \(default: tag\)\) \*string, never NULL`
	db.Save(p)                                                                                     // want `plains update exact \(gorm\)` `plains\.body update exact \(gorm\)` `plains\.id update exact \(gorm\)` `plains\.nick update exact \(gorm\)` `plains\.seen update exact \(gorm\)` `arg \$1: p\.ID int64, never NULL` `arg \$2: p\.Body string, never NULL` `arg \$3: p\.Seen time\.Time, never NULL` `arg \$4: p\.Nick \*string, may be NULL`
	db.Create(n)                                                                                   // want `nullables insert exact \(gorm\)` `nullables\.body insert exact \(gorm\)` `nullables\.id insert exact \(gorm\)` `nullables\.score insert exact \(gorm\)` `arg \$1: n\.ID int64, never NULL` `arg \$2: n\.Body \*string, may be NULL` `arg \$3: n\.Score sql\.NullInt64, may be NULL`
	db.Omit("score").Create(n)                                                                     // want `nullables insert exact \(gorm\)` `nullables\.body insert exact \(gorm\)` `nullables\.id insert exact \(gorm\)` `arg \$1: n\.ID int64, never NULL` `arg \$2: n\.Body \*string, may be NULL`
	db.Model(&Nullable{}).Where("id = ?", 1).Update("body", nil)                                   // want `nullables update exact \(gorm\)` `nullables\.body update exact \(gorm\)` `nullables\.id select exact \(gorm\)` `arg \$1: nil nil, NULL`
	db.Model(&Plain{}).Where("id = ?", 1).Updates(map[string]any{"body": "x", "seen": time.Now()}) // want `plains update exact \(gorm\)` `plains\.body update exact \(gorm\)` `plains\.id select exact \(gorm\)` `plains\.seen update exact \(gorm\)` `arg \$1: "x" string, never NULL` `arg \$2: time\.Now\(\) time\.Time, never NULL`
	db.Model(&Plain{}).Updates(Plain{Body: "x", Nick: nil})                                        // want `plains update exact \(gorm\)` `plains\.body update exact \(gorm\)` `plains\.nick update exact \(gorm\)` `arg \$1: "x" \(gorm's Updates of a struct writes only its non-zero fields\) string, never NULL` `arg \$2: nil \(gorm's Updates of a struct writes only its non-zero fields\) nil, never NULL`
	db.Model(&Plain{}).Select("nick").Updates(Plain{Nick: nil})                                    // want `plains update exact \(gorm\)` `plains\.nick update exact \(gorm\)` `arg \$1: nil nil, NULL`
}

func Deletes(db *gorm.DB, id uint) {
	db.Delete(&Soft{}, id)                   // want `softs update exact \(gorm\)` `softs\.deleted_at select exact \(gorm\)` `softs\.deleted_at update exact \(gorm\)` `arg \$1: the time of the soft delete time\.Time, never NULL`
	db.Unscoped().Delete(&Soft{}, id)        // want `softs delete exact \(gorm\)`
	db.Delete(&Plain{ID: 1})                 // want `plains delete exact \(gorm\)`
	db.Where("id = ?", 2).Delete(&Flagged{}) // want `flaggeds update exact \(gorm\)` `flaggeds\.id select exact \(gorm\)` `flaggeds\.removed select exact \(gorm\)` `flaggeds\.removed update exact \(gorm\)` `arg \$1: the soft delete's flag or unix time uint, never NULL`
}

func Reads(db *gorm.DB) {
	var ss []Soft
	db.Where("name = ?", "x").Find(&ss)            // want `softs select exact \(gorm\)` `softs\.\* select exact \(gorm\)` `softs\.deleted_at select exact \(gorm\)` `softs\.name select exact \(gorm\)`
	db.Unscoped().Where("name = ?", "x").Find(&ss) // want `softs select exact \(gorm\)` `softs\.\* select exact \(gorm\)` `softs\.name select exact \(gorm\)`
	var ps []Plain
	db.Where("body = ?", "x").Find(&ps) // want `plains select exact \(gorm\)` `plains\.\* select exact \(gorm\)` `plains\.body select exact \(gorm\)`
}
