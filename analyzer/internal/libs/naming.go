package libs

// Naming conventions of the ORMs, each copied from the library it names.

import (
	"regexp"
	"strings"
	"sync"
)

var gormInitialisms = []string{"API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID", "IP", "JSON", "LHS", "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP", "SSH", "TLS", "TTL", "UID", "UI", "UUID", "URI", "URL", "UTF8", "VM", "XML", "XSRF", "XSS"}

var gormInitialismReplacer = sync.OnceValue(func() *strings.Replacer {
	var pairs []string
	for _, s := range gormInitialisms {
		pairs = append(pairs, s, s[:1]+strings.ToLower(s[1:]))
	}
	return strings.NewReplacer(pairs...)
})

// GormColumn is gorm's NamingStrategy.toDBName (schema/naming.go).
func GormColumn(name string) string {
	if name == "" {
		return ""
	}
	value := gormInitialismReplacer().Replace(name)
	var buf strings.Builder
	var lastCase, nextCase, nextNumber bool
	curCase := value[0] <= 'Z' && value[0] >= 'A'
	for i, v := range value[:len(value)-1] {
		nextCase = value[i+1] <= 'Z' && value[i+1] >= 'A'
		nextNumber = value[i+1] >= '0' && value[i+1] <= '9'
		if curCase {
			if lastCase && (nextCase || nextNumber) {
				buf.WriteRune(v + 32)
			} else {
				if i > 0 && value[i-1] != '_' && value[i+1] != '_' {
					buf.WriteByte('_')
				}
				buf.WriteRune(v + 32)
			}
		} else {
			buf.WriteRune(v)
		}
		lastCase = curCase
		curCase = nextCase
	}
	if curCase {
		if !lastCase && len(value) > 1 {
			buf.WriteByte('_')
		}
		buf.WriteByte(value[len(value)-1] + 32)
	} else {
		buf.WriteByte(value[len(value)-1])
	}
	return buf.String()
}

// BunUnderscore is bun's (and go-pg's) internal.Underscore.
func BunUnderscore(s string) string {
	isUpper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	isLower := func(c byte) bool { return c >= 'a' && c <= 'z' }
	r := make([]byte, 0, len(s)+5)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUpper(c) {
			if i > 0 && i+1 < len(s) && (isLower(s[i-1]) || isLower(s[i+1])) {
				r = append(r, '_', c+32)
			} else {
				r = append(r, c+32)
			}
		} else {
			r = append(r, c)
		}
	}
	return string(r)
}

// BeegoSnake is beego orm's snakeString: an underscore before every upper
// case letter but the first (UserID → user_i_d).
func BeegoSnake(s string) string {
	data := make([]byte, 0, len(s)*2)
	for i := 0; i < len(s); i++ {
		d := s[i]
		if i > 0 && d >= 'A' && d <= 'Z' {
			data = append(data, '_')
		}
		data = append(data, d)
	}
	return strings.ToLower(string(data))
}

type inflectRule struct {
	re   *regexp.Regexp
	repl string
}

// The plural rules of github.com/jinzhu/inflection (used by gorm, bun and
// go-pg), applied in its order: uncountables, irregulars, then the regular
// rules from the last defined to the first.
var (
	inflectUncountable = []string{"equipment", "information", "rice", "money", "species", "series", "fish", "sheep", "jeans", "police"}
	inflectIrregular   = [][2]string{{"person", "people"}, {"man", "men"}, {"child", "children"}, {"sex", "sexes"}, {"move", "moves"}, {"mombie", "mombies"}}
	Plurals            = [][2]string{
		{"([a-z])$", "${1}s"},
		{"s$", "s"},
		{"^(ax|test)is$", "${1}es"},
		{"(octop|vir)us$", "${1}i"},
		{"(octop|vir)i$", "${1}i"},
		{"(alias|status|campus)$", "${1}es"},
		{"(bu)s$", "${1}ses"},
		{"(buffal|tomat)o$", "${1}oes"},
		{"([ti])um$", "${1}a"},
		{"([ti])a$", "${1}a"},
		{"sis$", "ses"},
		{"(?:([^f])fe|([lr])f)$", "${1}${2}ves"},
		{"(hive)$", "${1}s"},
		{"([^aeiouy]|qu)y$", "${1}ies"},
		{"(x|ch|ss|sh)$", "${1}es"},
		{"(matr|vert|ind)(?:ix|ex)$", "${1}ices"},
		{"^(m|l)ouse$", "${1}ice"},
		{"^(ox)$", "${1}en"},
		{"^(oxen)$", "${1}"},
		{"(quiz)$", "${1}zes"},
	}
	inflectRules = sync.OnceValue(func() []inflectRule {
		var rs []inflectRule
		for _, u := range inflectUncountable {
			rs = append(rs, inflectRule{regexp.MustCompile("^(?i)(" + u + ")$"), "${1}"})
		}
		for _, ir := range inflectIrregular {
			rs = append(rs, inflectRule{regexp.MustCompile("(?i)" + ir[0] + "$"), ir[1]})
		}
		for i := len(Plurals) - 1; i >= 0; i-- {
			rs = append(rs, inflectRule{regexp.MustCompile("(?i)" + Plurals[i][0]), Plurals[i][1]})
		}
		return rs
	})
)

// Plural pluralises a snake_case name the way jinzhu/inflection does
// (only the last word changes: order_item → order_items).
func Plural(s string) string {
	if s == "" {
		return s
	}
	for _, r := range inflectRules() {
		if r.re.MatchString(s) {
			return r.re.ReplaceAllString(s, r.repl)
		}
	}
	return s
}
