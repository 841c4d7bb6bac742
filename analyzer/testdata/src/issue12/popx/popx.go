// Package popx hands out pop connections, as github.com/ory/x/popx does:
// the code's chains start at a call of one of its functions.
package popx

import (
	"context"

	"github.com/gobuffalo/pop/v6"
)

// GetConnection returns the transaction in ctx, or c.
func GetConnection(ctx context.Context, c *pop.Connection) *pop.Connection {
	return c
}

// Provider is implemented by the code's persisters.
type Provider interface {
	GetConnection(ctx context.Context) *pop.Connection
}

// Cache is no database handle; its Create is not pop's.
type Cache struct{}

// Create stores v in the cache.
func (c *Cache) Create(v interface{}) error { return nil }

// GetCache returns the cache.
func GetCache(ctx context.Context) *Cache { return &Cache{} }
