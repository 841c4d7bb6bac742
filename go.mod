module github.com/rbcheck/rbcheck

go 1.26.0

require (
	github.com/golangci/plugin-module-register v0.1.2 // indirect
	github.com/pganalyze/pg_query_go/v6 v6.2.5 // indirect
	github.com/spf13/pflag v1.1.0 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
	google.golang.org/protobuf v1.33.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
