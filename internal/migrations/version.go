package migrations

import "strings"

// Versions and names, scanned by hand: these functions run for every file
// of every candidate folder, so they use no regexps and allocate nothing.

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// leadingDigits returns the run of digits s starts with.
func leadingDigits(s string) string {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i]
}

// versionToken returns the version s starts with: digit groups joined by
// single dots or underscores ("0042", "1.2", "2024_01_01"); a separator is
// part of the token only when a digit follows it.
func versionToken(s string) string {
	i := len(leadingDigits(s))
	if i == 0 {
		return ""
	}
	for i+1 < len(s) && (s[i] == '.' || s[i] == '_') && isDigit(s[i+1]) {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	return s[:i]
}

// leadingVersion splits a name into its version token, with an optional
// one-letter prefix before it (`V0001…`, `v2_…`), and the rest. ok is false
// when the name does not start with a version.
func leadingVersion(s string) (prefix, version, rest string, ok bool) {
	if len(s) > 1 && isLetter(s[0]) && isDigit(s[1]) {
		prefix, s = s[:1], s[1:]
	}
	v := versionToken(s)
	if v == "" {
		return "", "", "", false
	}
	return prefix, v, s[len(v):], true
}

// trimSQL takes a case-insensitive ".sql" off a name; ok is false when the
// name does not end in it.
func trimSQL(b string) (string, bool) {
	if !isSQLName(b) {
		return b, false
	}
	return b[:len(b)-4], true
}

// cutDirection takes ".up" or ".down" off the end of a name.
func cutDirection(s string) (rest string, down, ok bool) {
	switch {
	case strings.HasSuffix(s, ".up"):
		return s[:len(s)-3], false, true
	case strings.HasSuffix(s, ".down"):
		return s[:len(s)-5], true, true
	}
	return s, false, false
}

// numbered parses `{digits}[_-.]{title}.sql` and `{digits}.sql`, the names
// goose, dbmate, sql-migrate and tern run.
func numbered(b string) (Name, bool) {
	s, ok := trimSQL(b)
	if !ok {
		return Name{}, false
	}
	v := leadingDigits(s)
	if v == "" {
		return Name{}, false
	}
	rest := s[len(v):]
	if rest != "" {
		if c := rest[0]; c != '_' && c != '-' && c != '.' {
			return Name{}, false
		}
		rest = rest[1:]
	}
	return Name{Version: v, Title: rest}, true
}

// CompareVersions orders two versions as the tools do: numerically part by
// part ("2" < "10", "1.2" < "1.10"), missing trailing parts count as zero
// ("1" == "1.0"), and a non-numeric part compares as text after numbers. A
// `/` separates a folder's version from the file's ("0.24/00" < "0.25/00",
// "0.9/05" < "0.10/00").
func CompareVersions(a, b string) int {
	for {
		fa, ra, _ := strings.Cut(a, "/")
		fb, rb, _ := strings.Cut(b, "/")
		if c := compareParts(fa, fb); c != 0 {
			return c
		}
		if ra == "" && rb == "" {
			return 0
		}
		a, b = ra, rb
	}
}

func compareParts(a, b string) int {
	for a != "" || b != "" {
		var x, y string
		x, a = nextPart(a)
		y, b = nextPart(b)
		if c := compareNumeric(x, y); c != 0 {
			return c
		}
	}
	return 0
}

// nextPart returns the first dot- or underscore-separated part of v ("0"
// when v is used up) and the rest.
func nextPart(v string) (part, rest string) {
	v = strings.TrimLeft(v, "._")
	if v == "" {
		return "0", ""
	}
	i := strings.IndexAny(v, "._")
	if i < 0 {
		return v, ""
	}
	return v[:i], v[i+1:]
}

// compareNumeric compares two decimal strings of any length by value; when
// either is not a number it compares as text (numbers first).
func compareNumeric(x, y string) int {
	nx, ny := allDigits(x), allDigits(y)
	switch {
	case nx && ny:
		x = strings.TrimLeft(x, "0")
		y = strings.TrimLeft(y, "0")
		if len(x) != len(y) {
			if len(x) < len(y) {
				return -1
			}
			return 1
		}
		return strings.Compare(x, y)
	case nx:
		return -1
	case ny:
		return 1
	}
	return strings.Compare(x, y)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// versionKey is the identity of a version for pairing up and down files:
// versions that CompareVersions finds equal have one key ("001" and "1",
// Flyway's "1" and "1.0").
func versionKey(v string) string {
	var b strings.Builder
	for i, seg := range strings.Split(v, "/") {
		if i > 0 {
			b.WriteByte('/')
		}
		parts := strings.FieldsFunc(seg, func(r rune) bool { return r == '.' || r == '_' })
		for j := range parts {
			if allDigits(parts[j]) {
				parts[j] = strings.TrimLeft(parts[j], "0")
			}
		}
		for len(parts) > 1 && parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
		b.WriteString(strings.Join(parts, "."))
	}
	return b.String()
}
