package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// HostileFile is one file of the hostile corpus with what must be reported.
type HostileFile struct {
	Name string // file name inside the directory
	Data []byte
	// ErrorLines are the lines that must carry a syntax (or encoding)
	// error, one per bad statement; nil means "not checked", an empty
	// non-nil slice means "must have no error".
	ErrorLines []int
	// SomeError says the file must have at least one error somewhere
	// (for inputs whose exact error position is the parser's business).
	SomeError bool
}

// Hostile returns the hostile corpus: every statement family, psql
// meta-commands, COPY … FROM stdin data, bytes that are not UTF-8, a huge
// file, unterminated strings, dollar quotes and comments, nested comments,
// a byte-order mark, CRLF line ends, NUL bytes and deep nesting. Names are
// golang-migrate up files, so every file is picked up as a migration.
// hugeBytes sizes the huge file.
func Hostile(hugeBytes int) []HostileFile {
	var out []HostileFile
	add := func(name string, data string, errLines []int, some bool) {
		out = append(out, HostileFile{
			Name: fmt.Sprintf("%04d_%s.up.sql", len(out)+1, name), Data: []byte(data),
			ErrorLines: errLines, SomeError: some,
		})
	}
	add("families", strings.Join(families, "\n")+"\n", []int{}, false)

	// syntax errors between good statements: one error per bad statement
	add("errors_per_statement", "CREATE TABLE a (id int);\n"+ // 1
		"SELEC 1;\n"+ // 2
		"ALTER TABLE a ADD COLUMN b text;\n"+ // 3
		"\n"+ // 4
		"ALTER TABLE a ADD COLUM c text;\n"+ // 5
		"CREATE INDEX a_b_idx ON a (b);\n"+ // 6
		"UPDATE a SET WHERE id = 1;\n"+ // 7
		"DROP TABLE a;\n", // 8
		[]int{2, 5, 7}, false)

	add("psql_meta", "\\set ON_ERROR_STOP on\n"+
		"\\connect appdb\n"+
		"CREATE TABLE m (id int);\n"+
		"\\i other.sql\n"+
		"SELECT count(*) FROM m \\gset\n"+
		"\\echo done\n"+
		"INSERT INTO m VALUES (1);\n", nil, false)

	add("copy_stdin", "CREATE TABLE c (a int, b text);\n"+
		"COPY c (a, b) FROM stdin;\n"+
		"1\tone; two\n"+
		"2\t'unterminated\n"+
		"3\t$$ dollar\n"+
		"\\.\n"+
		"COPY c FROM stdin WITH (FORMAT csv);\n"+
		"4,\"a; b\"\n"+
		"\\.\n"+
		"ALTER TABLE c ADD COLUMN d int;\n", nil, false)

	add("not_utf8", "CREATE TABLE latin (name text);\n"+
		"-- caf\xe9 in Latin-1\n"+
		"INSERT INTO latin VALUES ('na\xefve \xff\xfe');\n"+
		"ALTER TABLE latin ADD COLUMN x int;\n", nil, true)

	add("crlf", "CREATE TABLE crlf (id int);\r\nALTER TABLE crlf\r\n  ADD COLUMN name text;\r\nSELEC 1;\r\n", []int{4}, false)
	// Postgres itself rejects a byte-order mark (psql sends it along); only
	// "no crash, file processed" is checked
	add("bom", "\xef\xbb\xbfCREATE TABLE bom (id int);\nSELECT 1;\n", nil, false)

	add("unterminated_string", "CREATE TABLE us (id int);\nINSERT INTO us VALUES ('never closed);\nSELECT 1;\n", nil, true)
	add("unterminated_dollar", "CREATE TABLE ud (id int);\nCREATE FUNCTION f() RETURNS int AS $body$\nBEGIN\n  RETURN 1;\nEND;\n", nil, true)
	add("unterminated_comment", "CREATE TABLE uc (id int);\n/* a comment that never ends\nDROP TABLE uc;\n", nil, true)
	add("nested_comments", "/* outer /* inner */ still a comment; DROP TABLE nope; */\nCREATE TABLE nc (id int);\n-- line comment with /* and ;\nSELECT 1;\n", []int{}, false)
	add("quoted_semicolons", "CREATE TABLE \"we;ird\" (\"col;1\" text DEFAULT 'a;b', c text DEFAULT E'x\\';y');\n"+
		"CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $$ SELECT 'a;b' $$;\n"+
		"CREATE FUNCTION h() RETURNS text LANGUAGE plpgsql AS $q$ BEGIN RETURN $x$;$x$; END $q$;\n", []int{}, false)
	add("nul_bytes", "CREATE TABLE nul (id int);\nSELECT '\x00';\n", nil, true)
	add("empty", "", []int{}, false)
	add("only_comments", "-- nothing here\n/* nor here */\n\n", []int{}, false)
	add("no_final_semicolon", "CREATE TABLE nf (id int);\nALTER TABLE nf ADD COLUMN x int", []int{}, false)
	add("deep_nesting", "SELECT "+strings.Repeat("(", 5000)+"1"+strings.Repeat(")", 5000)+";\nCREATE TABLE deep (id int);\n", nil, false)
	// 70,000 chained operators overflowed the parser's C stack (SIGSEGV).
	// A SELECT is read (lint does not look into its expressions); where
	// the expression is read (a default) the statement is an error at its
	// position; the statements around it are read either way.
	for _, ch := range []struct{ name, head, step string }{
		{"deep_plus", "1", " + 1"}, {"deep_concat", "'a'", " || 'a'"}, {"deep_cast", "1", "::int"},
	} {
		deep := ch.head + strings.Repeat(ch.step, 70000)
		add(ch.name, "CREATE TABLE "+ch.name+" (id int);\nSELECT "+deep+";\nALTER TABLE "+ch.name+" ADD COLUMN b int DEFAULT "+deep+";\nDROP TABLE "+ch.name+";\n", []int{3}, false)
	}
	add("deep_default", "CREATE TABLE deep_default (id int,\n  n int DEFAULT 1"+strings.Repeat("+1", 70000)+");\nCREATE TABLE after_deep (id int);\n", []int{1}, false)
	add("long_line", "INSERT INTO t VALUES "+strings.Repeat("(1, 'x'), ", 50000)+"(2, 'y');\n", []int{}, false)
	add("keywords_as_names", "CREATE TABLE \"select\" (\"from\" int, \"where\" text);\nALTER TABLE \"select\" RENAME COLUMN \"from\" TO \"to\";\nDROP TABLE \"select\";\n", []int{}, false)
	add("unicode", "CREATE TABLE ünïcödé (naïve text, \"日本\" int);\nCOMMENT ON TABLE ünïcödé IS '🙂 emoji; and a semicolon';\nSELEC 1;\n", []int{3}, false)

	var huge strings.Builder
	huge.WriteString("CREATE TABLE huge (id bigint, payload text);\n")
	for i := 0; huge.Len() < hugeBytes; i++ {
		fmt.Fprintf(&huge, "INSERT INTO huge VALUES (%d, 'row %d; with a semicolon and a ''quote''');\n", i, i)
	}
	huge.WriteString("SELEC 'the last line';\n")
	lines := strings.Count(huge.String(), "\n")
	add("huge", huge.String(), []int{lines}, false)
	return out
}

// WriteHostile writes the hostile corpus into dir.
func WriteHostile(dir string, hugeBytes int) ([]HostileFile, error) {
	files := Hostile(hugeBytes)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// families has one or more statements of every statement family Postgres
// parses, all valid, one per line.
var families = []string{
	"CREATE SCHEMA IF NOT EXISTS app;",
	"CREATE EXTENSION IF NOT EXISTS pgcrypto;",
	"CREATE TYPE mood AS ENUM ('sad', 'ok');",
	"ALTER TYPE mood ADD VALUE 'happy' AFTER 'ok';",
	"ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';",
	"CREATE TYPE pair AS (a int, b text);",
	"CREATE TYPE floatrange AS RANGE (subtype = float8);",
	"CREATE DOMAIN posint AS integer CHECK (VALUE > 0);",
	"ALTER DOMAIN posint ADD CONSTRAINT posint_small CHECK (VALUE < 1000000) NOT VALID;",
	"CREATE SEQUENCE app.counter START 10 INCREMENT 5;",
	"ALTER SEQUENCE app.counter RESTART WITH 100;",
	"CREATE TABLE app.people (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name text NOT NULL, mood mood, born date, tags text[] DEFAULT '{}', CONSTRAINT people_name_len CHECK (length(name) < 200));",
	"CREATE TABLE app.pets (id serial PRIMARY KEY, owner_id bigint REFERENCES app.people (id) ON DELETE SET NULL, name varchar(40), UNIQUE (owner_id, name));",
	"CREATE TABLE app.measures (ts timestamptz NOT NULL, v float8) PARTITION BY RANGE (ts);",
	"CREATE TABLE app.measures_2024 PARTITION OF app.measures FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
	"CREATE UNLOGGED TABLE scratch (k text, v jsonb);",
	"CREATE TEMP TABLE tmp_ids (id int) ON COMMIT DROP;",
	"CREATE TABLE app.people_copy (LIKE app.people INCLUDING ALL);",
	"CREATE TABLE app.people_names AS SELECT id, name FROM app.people WITH NO DATA;",
	"SELECT id INTO TEMP picked FROM app.people;",
	"ALTER TABLE app.people ADD COLUMN email text, ADD COLUMN nick text DEFAULT 'x';",
	"ALTER TABLE app.people ALTER COLUMN email SET NOT NULL;",
	"ALTER TABLE app.people ALTER COLUMN nick DROP DEFAULT;",
	"ALTER TABLE app.people ALTER COLUMN born TYPE timestamptz USING born::timestamptz;",
	"ALTER TABLE app.people ADD CONSTRAINT people_email_key UNIQUE (email);",
	"ALTER TABLE app.pets ADD CONSTRAINT pets_owner_fk FOREIGN KEY (owner_id) REFERENCES app.people (id) NOT VALID;",
	"ALTER TABLE app.pets VALIDATE CONSTRAINT pets_owner_fk;",
	"ALTER TABLE app.pets DROP CONSTRAINT pets_owner_fk;",
	"ALTER TABLE app.people ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;",
	"ALTER TABLE app.people RENAME COLUMN nick TO nickname;",
	"ALTER TABLE app.people RENAME CONSTRAINT people_name_len TO people_name_length;",
	"ALTER TABLE app.people_copy RENAME TO people_backup;",
	"ALTER TABLE app.people_backup SET SCHEMA public;",
	"ALTER TABLE app.measures DETACH PARTITION app.measures_2024 CONCURRENTLY;",
	"ALTER TABLE app.measures ATTACH PARTITION app.measures_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
	"ALTER TABLE scratch SET LOGGED;",
	"ALTER TABLE app.people ENABLE ROW LEVEL SECURITY;",
	"ALTER TABLE app.people DROP COLUMN IF EXISTS tags CASCADE;",
	"CREATE INDEX CONCURRENTLY people_name_idx ON app.people (lower(name)) WHERE born IS NOT NULL;",
	"CREATE UNIQUE INDEX IF NOT EXISTS pets_name_idx ON app.pets USING btree (name DESC NULLS LAST) INCLUDE (owner_id);",
	"ALTER INDEX app.people_name_idx RENAME TO people_lower_name_idx;",
	"REINDEX INDEX CONCURRENTLY app.people_lower_name_idx;",
	"DROP INDEX CONCURRENTLY IF EXISTS app.people_lower_name_idx;",
	"CREATE VIEW app.adults AS SELECT id, name FROM app.people WHERE born < now() - interval '18 years';",
	"CREATE OR REPLACE VIEW app.adults AS SELECT id, name, email FROM app.people WHERE born < now() - interval '18 years';",
	"CREATE MATERIALIZED VIEW app.pet_counts AS SELECT owner_id, count(*) FROM app.pets GROUP BY owner_id WITH NO DATA;",
	"REFRESH MATERIALIZED VIEW CONCURRENTLY app.pet_counts;",
	"CREATE FUNCTION app.add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b';",
	"CREATE OR REPLACE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.born := now(); RETURN NEW; END $$;",
	"CREATE PROCEDURE app.cleanup() LANGUAGE plpgsql AS $$ BEGIN DELETE FROM scratch; COMMIT; END $$;",
	"CALL app.cleanup();",
	"CREATE TRIGGER people_touch BEFORE UPDATE ON app.people FOR EACH ROW EXECUTE FUNCTION app.touch();",
	"ALTER TABLE app.people DISABLE TRIGGER people_touch;",
	"DROP TRIGGER IF EXISTS people_touch ON app.people;",
	"CREATE RULE no_delete AS ON DELETE TO app.pets DO INSTEAD NOTHING;",
	"CREATE POLICY own_rows ON app.people USING (id = current_setting('app.uid')::bigint);",
	"CREATE ROLE reader NOLOGIN;",
	"GRANT SELECT ON ALL TABLES IN SCHEMA app TO reader;",
	"REVOKE INSERT ON app.people FROM PUBLIC;",
	"ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO reader;",
	"COMMENT ON COLUMN app.people.email IS 'primary; contact';",
	"SECURITY LABEL FOR dummy ON TABLE app.people IS 'classified';",
	"BEGIN;",
	"SET LOCAL lock_timeout = '3s';",
	"SET statement_timeout TO 0;",
	"RESET statement_timeout;",
	"SAVEPOINT before_data;",
	"INSERT INTO app.people (name, email) VALUES ('a', 'a@x') ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name RETURNING id;",
	"UPDATE app.people p SET nickname = q.name FROM app.pets q WHERE q.owner_id = p.id;",
	"DELETE FROM app.pets USING app.people WHERE pets.owner_id = people.id AND people.email IS NULL;",
	"MERGE INTO app.people t USING (VALUES (1, 'z')) AS s(id, name) ON t.id = s.id WHEN MATCHED THEN UPDATE SET name = s.name WHEN NOT MATCHED THEN INSERT (name) VALUES (s.name);",
	"WITH moved AS (DELETE FROM scratch RETURNING k, v) INSERT INTO scratch SELECT k || '_old', v FROM moved;",
	"RELEASE SAVEPOINT before_data;",
	"COMMIT;",
	"LOCK TABLE app.people IN SHARE ROW EXCLUSIVE MODE NOWAIT;",
	"TRUNCATE scratch RESTART IDENTITY CASCADE;",
	"VACUUM (FULL, ANALYZE) scratch;",
	"ANALYZE app.people (name);",
	"CLUSTER app.pets USING pets_name_idx;",
	"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'writer') THEN CREATE ROLE writer; END IF; END $$;",
	"EXPLAIN (ANALYZE false, COSTS off) SELECT * FROM app.people;",
	"PREPARE p1 (int) AS SELECT * FROM app.people WHERE id = $1;",
	"EXECUTE p1(1);",
	"DEALLOCATE p1;",
	"LISTEN events; NOTIFY events, 'hi'; UNLISTEN *;",
	"CREATE CAST (text AS mood) WITH INOUT AS ASSIGNMENT;",
	"CREATE AGGREGATE app.mysum (int) (SFUNC = int4pl, STYPE = int);",
	"CREATE OPERATOR === (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);",
	"CREATE COLLATION IF NOT EXISTS german (provider = icu, locale = 'de-DE');",
	"CREATE TEXT SEARCH CONFIGURATION app.simple_cfg (COPY = simple);",
	"CREATE FOREIGN DATA WRAPPER dummy_fdw;",
	"CREATE SERVER remote FOREIGN DATA WRAPPER dummy_fdw;",
	"CREATE FOREIGN TABLE app.remote_people (id int) SERVER remote;",
	"CREATE PUBLICATION pub FOR TABLE app.people;",
	"CREATE STATISTICS app.people_stats (dependencies) ON name, email FROM app.people;",
	"CREATE EVENT TRIGGER ddl_log ON ddl_command_end EXECUTE FUNCTION app.touch();",
	"ALTER SYSTEM SET work_mem = '64MB';",
	"CHECKPOINT;",
	"DISCARD ALL;",
	"SELECT pg_advisory_lock(42);",
	"VALUES (1, 'one'), (2, 'two');",
	"TABLE app.people;",
	"DROP VIEW IF EXISTS app.adults;",
	"DROP MATERIALIZED VIEW app.pet_counts;",
	"DROP FUNCTION IF EXISTS app.add(int, int);",
	"DROP TYPE IF EXISTS pair CASCADE;",
	"DROP SEQUENCE app.counter;",
	"DROP TABLE IF EXISTS app.pets, scratch CASCADE;",
	"DROP SCHEMA app CASCADE;",
	"DROP EXTENSION pgcrypto;",
	"DROP DATABASE IF EXISTS olddb;",
	"ROLLBACK;",
}
