package migrations

func (m *migrations) Down_1516643303() error { return nil }
