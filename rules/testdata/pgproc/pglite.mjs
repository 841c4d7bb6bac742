// Prints the rows of the SQL read from stdin, one per line, from an
// in-memory PGlite (PostgreSQL compiled to WASM, from npm): how pg17.tsv
// and pg18.tsv were made, on a machine without those servers:
//
//   npm install @electric-sql/pglite@0.3.16   # PostgreSQL 17.5 (0.5.16: 18.6)
//   node pglite.mjs < query.sql > pg17.tsv
//
// PGlite has no contrib extensions loaded, so these snapshots hold the core
// functions only.
import { PGlite } from '@electric-sql/pglite'
import { readFileSync } from 'node:fs'

const sql = readFileSync(0, 'utf8')
const db = new PGlite()
const res = await db.query(sql, [], { rowMode: 'array' })
for (const row of res.rows) console.log(row[0])
await db.close()
