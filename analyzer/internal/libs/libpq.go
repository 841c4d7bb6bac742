package libs

// LibPQ is github.com/lib/pq.
var LibPQ = &Library{
	Name:    "lib/pq",
	Paths:   []string{"github.com/lib/pq"},
	Builder: "`pq.QuoteIdentifier(x)` folds to the quoted name; `pq.CopyIn(\"t\", cols…)` (`CopyInSchema`) is `COPY \"t\" (cols) FROM STDIN`",
}
