package rules

// UnusedIgnore is the name of the meta rule the lint engine reports for an
// `rbcheck:ignore` directive that silences nothing. It has no Check: the
// engine produces its findings once a file has been linted.
const UnusedIgnore = "unused-ignore"

func init() {
	register(&Rule{
		Name:       UnusedIgnore,
		Title:      "An rbcheck:ignore directive silences nothing",
		Effect:     NoEffect,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "An `-- rbcheck:ignore RULE reason` comment silences RULE on the next statement " +
			"(`rbcheck:ignore-file` on the whole file). When the statement is changed or the rule " +
			"improves, the directive can end up silencing nothing. A stale directive misleads readers " +
			"into thinking the statement is dangerous, and it will silently hide a real finding if a " +
			"dangerous statement is later added where it points.",
		Bad: `-- rbcheck:ignore drop-column the column was never read
ALTER TABLE users ADD COLUMN nickname text;`,
		Good: `-- rbcheck:ignore drop-column nothing has read legacy_email since v2.1
ALTER TABLE users DROP COLUMN legacy_email;`,
		Fix: []string{
			"Remove the rule name from the directive, or the directive itself when it names no other rule.",
			"If the directive was meant for another statement, move it directly above that statement.",
		},
		Default: true,
	})
}
