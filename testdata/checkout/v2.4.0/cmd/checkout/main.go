// Command checkout serves the checkout API.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"

	"example.com/checkout/internal/store"
)

func main() {
	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := run(context.Background(), store.New(db), os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("Thnak you for shopping with us")
}

// run: checkout signup EMAIL NAME | order USER_ID CENTS | shipped USER_ID
func run(ctx context.Context, st *store.Store, args []string) error {
	if len(args) < 2 {
		return fmt.Errorf("usage: checkout signup EMAIL NAME | order USER_ID CENTS | shipped USER_ID")
	}
	switch args[0] {
	case "signup":
		if len(args) < 3 {
			return fmt.Errorf("signup needs EMAIL and NAME")
		}
		id, err := st.CreateUser(ctx, args[1], args[2])
		if err != nil {
			return err
		}
		u, err := st.GetUser(ctx, id)
		if err != nil {
			return err
		}
		fmt.Println("welcome", u.Email)
	case "order":
		user, _ := strconv.ParseInt(args[1], 10, 64)
		cents := int64(0)
		if len(args) > 2 {
			cents, _ = strconv.ParseInt(args[2], 10, 64)
		}
		id, err := st.PlaceOrder(ctx, user, cents)
		if err != nil {
			return err
		}
		fmt.Println("order", id)
	case "shipped":
		user, _ := strconv.ParseInt(args[1], 10, 64)
		orders, err := st.ShippedOrders(ctx, user)
		if err != nil {
			return err
		}
		fmt.Println(len(orders), "shipped")
	}
	return nil
}
