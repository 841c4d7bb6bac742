// Package squirrel is a minimal stub of github.com/Masterminds/squirrel for
// rbcheck's analyzer tests: only the names the fixtures use.
package squirrel

import "database/sql"

// Sqlizer produces SQL.
type Sqlizer interface {
	ToSql() (string, []interface{}, error)
}

// BaseRunner runs queries.
type BaseRunner interface{}

// PlaceholderFormat rewrites placeholders.
type PlaceholderFormat interface {
	ReplacePlaceholders(sql string) (string, error)
}

type dollarFormat struct{}

func (dollarFormat) ReplacePlaceholders(sql string) (string, error) { return sql, nil }

// Dollar and Question are placeholder formats.
var (
	Dollar   PlaceholderFormat = dollarFormat{}
	Question PlaceholderFormat = dollarFormat{}
)

// Eq and friends are map predicates.
type (
	Eq       map[string]interface{}
	NotEq    map[string]interface{}
	Lt       map[string]interface{}
	LtOrEq   map[string]interface{}
	Gt       map[string]interface{}
	GtOrEq   map[string]interface{}
	Like     map[string]interface{}
	NotLike  map[string]interface{}
	ILike    map[string]interface{}
	NotILike map[string]interface{}
	And      []Sqlizer
	Or       []Sqlizer
)

func (Eq) ToSql() (string, []interface{}, error)       { return "", nil, nil }
func (NotEq) ToSql() (string, []interface{}, error)    { return "", nil, nil }
func (Lt) ToSql() (string, []interface{}, error)       { return "", nil, nil }
func (LtOrEq) ToSql() (string, []interface{}, error)   { return "", nil, nil }
func (Gt) ToSql() (string, []interface{}, error)       { return "", nil, nil }
func (GtOrEq) ToSql() (string, []interface{}, error)   { return "", nil, nil }
func (Like) ToSql() (string, []interface{}, error)     { return "", nil, nil }
func (NotLike) ToSql() (string, []interface{}, error)  { return "", nil, nil }
func (ILike) ToSql() (string, []interface{}, error)    { return "", nil, nil }
func (NotILike) ToSql() (string, []interface{}, error) { return "", nil, nil }
func (And) ToSql() (string, []interface{}, error)      { return "", nil, nil }
func (Or) ToSql() (string, []interface{}, error)       { return "", nil, nil }

type expr struct{}

func (expr) ToSql() (string, []interface{}, error) { return "", nil, nil }

// Expr builds an expression.
func Expr(sql string, args ...interface{}) Sqlizer { return expr{} }

// StatementBuilderType starts statements with shared options.
type StatementBuilderType struct{}

// StatementBuilder is the default StatementBuilderType.
var StatementBuilder = StatementBuilderType{}

func (b StatementBuilderType) PlaceholderFormat(f PlaceholderFormat) StatementBuilderType { return b }
func (b StatementBuilderType) RunWith(r BaseRunner) StatementBuilderType                  { return b }
func (b StatementBuilderType) Select(columns ...string) SelectBuilder                     { return SelectBuilder{} }
func (b StatementBuilderType) Insert(into string) InsertBuilder                           { return InsertBuilder{} }
func (b StatementBuilderType) Update(table string) UpdateBuilder                          { return UpdateBuilder{} }
func (b StatementBuilderType) Delete(from string) DeleteBuilder                           { return DeleteBuilder{} }

// Select, Insert, Update and Delete start statements.
func Select(columns ...string) SelectBuilder { return SelectBuilder{} }
func Insert(into string) InsertBuilder       { return InsertBuilder{} }
func Update(table string) UpdateBuilder      { return UpdateBuilder{} }
func Delete(from string) DeleteBuilder       { return DeleteBuilder{} }

// SelectBuilder builds SELECT.
type SelectBuilder struct{}

func (b SelectBuilder) PlaceholderFormat(f PlaceholderFormat) SelectBuilder          { return b }
func (b SelectBuilder) RunWith(r BaseRunner) SelectBuilder                           { return b }
func (b SelectBuilder) Distinct() SelectBuilder                                      { return b }
func (b SelectBuilder) Columns(columns ...string) SelectBuilder                      { return b }
func (b SelectBuilder) Column(column interface{}, args ...interface{}) SelectBuilder { return b }
func (b SelectBuilder) From(from string) SelectBuilder                               { return b }
func (b SelectBuilder) FromSelect(from SelectBuilder, alias string) SelectBuilder    { return b }
func (b SelectBuilder) Join(join string, rest ...interface{}) SelectBuilder          { return b }
func (b SelectBuilder) LeftJoin(join string, rest ...interface{}) SelectBuilder      { return b }
func (b SelectBuilder) InnerJoin(join string, rest ...interface{}) SelectBuilder     { return b }
func (b SelectBuilder) Where(pred interface{}, args ...interface{}) SelectBuilder    { return b }
func (b SelectBuilder) GroupBy(groupBys ...string) SelectBuilder                     { return b }
func (b SelectBuilder) Having(pred interface{}, rest ...interface{}) SelectBuilder   { return b }
func (b SelectBuilder) OrderBy(orderBys ...string) SelectBuilder                     { return b }
func (b SelectBuilder) Limit(limit uint64) SelectBuilder                             { return b }
func (b SelectBuilder) Offset(offset uint64) SelectBuilder                           { return b }
func (b SelectBuilder) Suffix(sql string, args ...interface{}) SelectBuilder         { return b }
func (b SelectBuilder) ToSql() (string, []interface{}, error)                        { return "", nil, nil }
func (b SelectBuilder) Query() (*sql.Rows, error)                                    { return nil, nil }
func (b SelectBuilder) QueryRow() RowScanner                                         { return nil }

// RowScanner scans one row.
type RowScanner interface{ Scan(...interface{}) error }

// InsertBuilder builds INSERT.
type InsertBuilder struct{}

func (b InsertBuilder) PlaceholderFormat(f PlaceholderFormat) InsertBuilder  { return b }
func (b InsertBuilder) RunWith(r BaseRunner) InsertBuilder                   { return b }
func (b InsertBuilder) Into(from string) InsertBuilder                       { return b }
func (b InsertBuilder) Columns(columns ...string) InsertBuilder              { return b }
func (b InsertBuilder) Values(values ...interface{}) InsertBuilder           { return b }
func (b InsertBuilder) SetMap(clauses map[string]interface{}) InsertBuilder  { return b }
func (b InsertBuilder) Select(sb SelectBuilder) InsertBuilder                { return b }
func (b InsertBuilder) Suffix(sql string, args ...interface{}) InsertBuilder { return b }
func (b InsertBuilder) ToSql() (string, []interface{}, error)                { return "", nil, nil }
func (b InsertBuilder) Exec() (sql.Result, error)                            { return nil, nil }
func (b InsertBuilder) QueryRow() RowScanner                                 { return nil }

// UpdateBuilder builds UPDATE.
type UpdateBuilder struct{}

func (b UpdateBuilder) PlaceholderFormat(f PlaceholderFormat) UpdateBuilder       { return b }
func (b UpdateBuilder) RunWith(r BaseRunner) UpdateBuilder                        { return b }
func (b UpdateBuilder) Table(table string) UpdateBuilder                          { return b }
func (b UpdateBuilder) Set(column string, value interface{}) UpdateBuilder        { return b }
func (b UpdateBuilder) SetMap(clauses map[string]interface{}) UpdateBuilder       { return b }
func (b UpdateBuilder) From(from string) UpdateBuilder                            { return b }
func (b UpdateBuilder) Where(pred interface{}, args ...interface{}) UpdateBuilder { return b }
func (b UpdateBuilder) Suffix(sql string, args ...interface{}) UpdateBuilder      { return b }
func (b UpdateBuilder) ToSql() (string, []interface{}, error)                     { return "", nil, nil }
func (b UpdateBuilder) Exec() (sql.Result, error)                                 { return nil, nil }

// DeleteBuilder builds DELETE.
type DeleteBuilder struct{}

func (b DeleteBuilder) PlaceholderFormat(f PlaceholderFormat) DeleteBuilder       { return b }
func (b DeleteBuilder) RunWith(r BaseRunner) DeleteBuilder                        { return b }
func (b DeleteBuilder) From(from string) DeleteBuilder                            { return b }
func (b DeleteBuilder) Where(pred interface{}, args ...interface{}) DeleteBuilder { return b }
func (b DeleteBuilder) Suffix(sql string, args ...interface{}) DeleteBuilder      { return b }
func (b DeleteBuilder) ToSql() (string, []interface{}, error)                     { return "", nil, nil }
func (b DeleteBuilder) Exec() (sql.Result, error)                                 { return nil, nil }
