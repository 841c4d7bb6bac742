package store

import (
	"context"
	"fmt"
)

// Order is a placed order.
type Order struct {
	ID         int64
	UserID     int64
	TotalCents int64
	Status     string
}

const ordersTable = "orders"

// PlaceOrder records a new order.
func (s *Store) PlaceOrder(ctx context.Context, userID, totalCents int64) (int64, error) {
	q := fmt.Sprintf("INSERT INTO %s (user_id, total_cents) VALUES ($1, $2) RETURNING id", ordersTable)
	var id int64
	err := s.db.QueryRowContext(ctx, q, userID, totalCents).Scan(&id)
	return id, err
}

// ShippedOrders lists a user's shipped orders with the customer's name.
func (s *Store) ShippedOrders(ctx context.Context, userID int64) ([]Order, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT o.id, o.user_id, o.total_cents, o.status
		FROM orders o
		JOIN users u ON u.id = o.user_id
		WHERE o.user_id = $1 AND o.status = 'shipped'
		ORDER BY o.created_at DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Order
	for rows.Next() {
		var o Order
		if err := rows.Scan(&o.ID, &o.UserID, &o.TotalCents, &o.Status); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
