// Package pgxscan is a minimal stub of github.com/georgysavva/scany/v2/pgxscan for rbcheck's analyzer tests.
package pgxscan

import (
	"context"

	"github.com/georgysavva/scany/v2/dbscan"
	"github.com/jackc/pgx/v5"
)

// Querier runs queries.
type Querier interface {
	Query(ctx context.Context, query string, args ...interface{}) (pgx.Rows, error)
}

// API is scany's pgx API.
type API struct{}

// NewDBScanAPI makes the dbscan API pgxscan uses.
func NewDBScanAPI(opts ...dbscan.APIOption) (*dbscan.API, error) { return dbscan.NewAPI(opts...) }

// NewAPI makes an API over a dbscan API.
func NewAPI(dbscanAPI *dbscan.API) (*API, error) { return &API{}, nil }

func (api *API) Select(ctx context.Context, db Querier, dst interface{}, query string, args ...interface{}) error {
	return nil
}
func (api *API) Get(ctx context.Context, db Querier, dst interface{}, query string, args ...interface{}) error {
	return nil
}
func (api *API) ScanAll(dst interface{}, rows pgx.Rows) error { return nil }

// Select uses the DefaultAPI.
func Select(ctx context.Context, db Querier, dst interface{}, query string, args ...interface{}) error {
	return nil
}

// Get uses the DefaultAPI.
func Get(ctx context.Context, db Querier, dst interface{}, query string, args ...interface{}) error {
	return nil
}

// ScanAll uses the DefaultAPI.
func ScanAll(dst interface{}, rows pgx.Rows) error { return nil }
