// Package dbscan is a minimal stub of github.com/georgysavva/scany/v2/dbscan for rbcheck's analyzer tests.
package dbscan

// API scans rows into structs.
type API struct{}

// APIOption configures an API.
type APIOption func(api *API)

// NewAPI makes an API.
func NewAPI(opts ...APIOption) (*API, error) { return &API{}, nil }

// WithAllowUnknownColumns lets the API skip columns without a field.
func WithAllowUnknownColumns(allow bool) APIOption { return nil }
