// Package pgnode holds the parse-tree types rbcheck reads: pg_query_go's
// node types (pg_query.proto's messages and enums, with the same type,
// field, oneof-wrapper, accessor and constant names) as plain Go structs,
// generated from pg_query_go's descriptors by TestNodeTypesGenerated in
// package pgparse.
//
// Why not pg_query_go's own types: they live in its root package, whose
// init registers pg_query.proto with protobuf (0.6 ms and 0.6 MB at every
// start of the process, a tenth of a one-file lint), and they link in
// protobuf's runtime. pgparse fills these structs from the parser's JSON
// (jsondec_gen.go) or protobuf output (pbdec_gen.go) and writes them back
// as protobuf for the deparser (pbenc_gen.go); only its tests use
// pg_query_go's types, to check that both give the same trees and bytes.
package pgnode
