package pgparse

// bareSamples name, with a statement each, the statement kinds cparse.c
// writes bare when it skims migrations ({"GrantStmt":{}}): translate makes
// sqlast.Other of them and nothing else reads their parse tree (a rule sees
// their Kind and Text). TestBareSamplesTranslateToOther checks that each
// translates to Other from its whole tree; a kind translate learns to read
// must leave this list.
var bareSamples = []string{
	"GRANT SELECT ON rb_t TO rb_r",
	"GRANT rb_r TO rb_s",
	"CREATE RULE rb_r AS ON INSERT TO rb_t DO INSTEAD NOTHING",
	"PREPARE rb_p AS SELECT 1",
	"EXECUTE rb_p",
	"DECLARE rb_c CURSOR FOR SELECT 1",
	"FETCH rb_c",
	"COPY rb_t FROM STDIN",
	"COMMENT ON TABLE rb_t IS 'x'",
	"CREATE POLICY rb_p ON rb_t USING (true)",
	"CREATE STATISTICS rb_s ON a, b FROM rb_t",
	"CREATE ROLE rb_r",
	"DROP ROLE rb_r",
	"ALTER ROLE rb_r LOGIN",
	"CREATE PUBLICATION rb_p FOR TABLE rb_t",
	"ALTER PUBLICATION rb_p ADD TABLE rb_u",
	"ALTER OPERATOR FAMILY rb_f USING btree ADD OPERATOR 1 < (int4, int4)",
	"ALTER SCHEMA rb_s OWNER TO rb_r",
	"ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO rb_r",
	"SHOW work_mem",
	"LOCK TABLE rb_t",
}
