package libs

// Scany is github.com/georgysavva/scany (v1 and v2): pgxscan over pgx,
// sqlscan over database/sql, dbscan underneath.
var Scany = &Library{
	Name: "scany",
	Paths: []string{
		"github.com/georgysavva/scany/v2/pgxscan", "github.com/georgysavva/scany/v2/sqlscan", "github.com/georgysavva/scany/v2/dbscan",
		"github.com/georgysavva/scany/pgxscan", "github.com/georgysavva/scany/sqlscan", "github.com/georgysavva/scany/dbscan",
	},
	Sinks: []Sink{
		// pgxscan.Select(ctx, db, &dst, query, args…), and the same
		// methods of an API (pgxscan.NewAPI, sqlscan.NewAPI).
		{Methods: methods("Select Get"), Arg: 3},
		{Recvs: []string{"API"}, Methods: methods("Select Get"), Arg: 3},
	},
	Notes: "`Select`/`Get` map columns to struct fields by name (`db` tag, else snake_case) and reject a column without a field unless the API was made with `dbscan.WithAllowUnknownColumns(true)` (v2; v0.x always rejects); `ScanAll`/`ScanOne`/`ScanRow` of rows from a sink read them the same way",
}
