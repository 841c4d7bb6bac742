module example.com/shop

go 1.22

require (
	github.com/acme/dbkit v1.0.0
	github.com/redis/go-redis/v9 v9.0.0
)
