package crossfile

import "gorm.io/gorm"

var _ *gorm.DB

// Member embeds a struct declared in base.go and refers to Team.
type Member struct {
	ID int `gorm:"primaryKey"`
	Timestamps
	Team   Team
	TeamID int
	Score  int
}
