package main

import (
	_ "example.com/shop/internal/legacy"
	_ "example.com/shop/internal/store"
	_ "example.com/shop/migrations_embed"
)

func main() {}
