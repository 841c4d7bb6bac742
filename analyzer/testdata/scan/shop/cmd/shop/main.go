package main

import (
	"context"

	_ "example.com/shop/internal/legacy"
	"example.com/shop/internal/store"
	_ "example.com/shop/migrations_embed"
)

func main() { store.Users(context.Background(), nil, nil, nil, "") }
