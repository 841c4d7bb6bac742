package change

import (
	"strings"
	"testing"
)

func TestDataChanges(t *testing.T) {
	const xid = `CREATE TABLE rt (id int, expired_tx_id xid8 NOT NULL DEFAULT '0'::xid8, tenant text);`
	for _, tc := range []struct {
		name     string
		old, new string
		want     []string
	}{
		{
			name: "marker rewritten, rows and default (permify v1.4.4)",
			old:  xid,
			new: "UPDATE rt SET expired_tx_id = '9223372036854775807'::xid8 WHERE expired_tx_id = '0'::xid8;\n" +
				"ALTER TABLE rt ALTER COLUMN expired_tx_id SET DEFAULT '9223372036854775807'::xid8;",
			want: []string{"value-rewritten rt.expired_tx_id [to=9223372036854775807 from=0 default] (update-rows) @1"},
		},
		{
			name: "default moved alone",
			old:  xid,
			new:  "ALTER TABLE rt ALTER COLUMN expired_tx_id SET DEFAULT '9'::xid8;",
			want: []string{"value-rewritten rt.expired_tx_id [to=9 from=0 default] (set-default) @1"},
		},
		{
			name: "rows with null filled",
			old:  `CREATE TABLE u (id int, plan text);`,
			new:  "UPDATE u SET plan = 'free' WHERE plan IS NULL;",
			want: []string{"value-rewritten u.plan [to=free from=null] (update-rows) @1"},
		},
		{
			name: "rewritten and rewritten back: no change",
			old:  xid,
			new:  "UPDATE rt SET expired_tx_id = '9' WHERE expired_tx_id = '0';\nUPDATE rt SET expired_tx_id = '0' WHERE expired_tx_id = '9';",
		},
		{
			name: "chained rewrites net to one",
			old:  `CREATE TABLE o (id int, status text);`,
			new:  "UPDATE o SET status = 'b' WHERE status = 'a';\nUPDATE o SET status = 'c' WHERE status = 'b';",
			want: []string{"value-rewritten o.status [to=c from=a] (update-rows) @2"},
		},
		{
			name: "a backfill of a new column, a computed value, a default from nothing: no data change",
			old:  `CREATE TABLE u (id int, email text, plan text);`,
			new: "ALTER TABLE u ADD COLUMN tier text;\nUPDATE u SET tier = 'free' WHERE tier IS NULL;\n" +
				"UPDATE u SET email = lower(email);\nUPDATE u SET plan = 'x';\nALTER TABLE u ALTER COLUMN plan SET DEFAULT 'free';",
			want: []string{"column-added u.tier (add-column) @1"},
		},
		{
			name: "a table dropped later: its drop is the change",
			old:  `CREATE TABLE o (id int, status text);`,
			new:  "UPDATE o SET status = 'b' WHERE status = 'a';\nDROP TABLE o;",
			want: []string{"table-dropped o (drop) @2"},
		},
		{
			name: "json key renamed (bytebase 3.20.0)",
			old:  `CREATE TABLE setting (name text, value jsonb);`,
			new:  "UPDATE setting SET value = jsonb_set(value #- '{maximumRoleExpiration}', '{maximumRequestExpiration}', value->'maximumRoleExpiration', true) WHERE name = 'WORKSPACE_PROFILE';",
			want: []string{"json-key-renamed setting.value [to=maximumRequestExpiration from=maximumRoleExpiration] (update-rows) @1"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, s := range changes(t, tc.old, tc.new) {
				got = append(got, s)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
