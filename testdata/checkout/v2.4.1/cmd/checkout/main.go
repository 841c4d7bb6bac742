// Command checkout serves the checkout API.
package main

import (
	"database/sql"
	"fmt"
	"os"

	"example.com/checkout/internal/store"
)

func main() {
	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_ = store.New(db)
	fmt.Println("Thank you for shopping with us")
}
