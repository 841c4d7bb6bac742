package gormsvc

import "issue12/gormmodels"

// Other does not import gorm: the handle's declared type says it is gorm.
func (s *Svc) Other() {
	var a gormmodels.Account
	s.db.First(&a, 1) // want "accounts select partial" `accounts.\* select partial` "accounts.deleted_at select partial"
}
