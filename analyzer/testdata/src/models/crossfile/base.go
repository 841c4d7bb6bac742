package crossfile

import "time"

// Timestamps is embedded by models in another file.
type Timestamps struct {
	CreatedAt time.Time
	UpdatedAt time.Time `gorm:"column:modified_at"`
}

// Team is referenced by Member.
type Team struct {
	ID   int
	Name string
}

// TableName names the team table (another file than the model use).
func (Team) TableName() string { return "org_teams" }
