package report

import "strings"

// Prop is one key=value property of a GitHub workflow command.
type Prop struct{ Key, Value string }

// GitHubCommand formats a workflow command such as
// `::error file=a.sql,line=3::message`, escaping as the Actions toolkit
// does: in the message %, \r and \n; in property values also : and ,.
func GitHubCommand(name string, props []Prop, message string) string {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(name)
	for i, p := range props {
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteByte(',')
		}
		b.WriteString(p.Key)
		b.WriteByte('=')
		b.WriteString(EscapeGitHubProperty(p.Value))
	}
	b.WriteString("::")
	b.WriteString(EscapeGitHubData(message))
	return b.String()
}

var (
	dataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// EscapeGitHubData escapes a workflow command's message; other control
// characters than line breaks are escaped as in text output (Escape), since
// the Actions log renders ANSI sequences.
func EscapeGitHubData(s string) string { return dataEscaper.Replace(escapeKeepCRLF(s)) }

// EscapeGitHubProperty escapes a workflow command's property value.
func EscapeGitHubProperty(s string) string { return propEscaper.Replace(escapeKeepCRLF(s)) }

// escapeKeepCRLF is EscapeLines keeping \r too (the toolkit's escaping
// encodes both).
func escapeKeepCRLF(s string) string {
	if !strings.Contains(s, "\r") {
		return EscapeLines(s)
	}
	parts := strings.Split(s, "\r")
	for i, p := range parts {
		parts[i] = EscapeLines(p)
	}
	return strings.Join(parts, "\r")
}
