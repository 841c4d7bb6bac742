package report

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/rbcheck/rbcheck/rules"
)

// SARIF 2.1.0 types: only what rbcheck emits. Field names follow the spec.

const (
	SARIFVersion = "2.1.0"
	SARIFSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	// SRCROOT is the uriBaseId of every artifact location: paths are
	// relative to the repository root, as GitHub code scanning expects.
	SRCROOT = "%SRCROOT%"
)

type SARIFLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []SARIFRun `json:"runs"`
}

type SARIFRun struct {
	Tool        SARIFTool         `json:"tool"`
	Results     []SARIFResult     `json:"results"`
	Invocations []SARIFInvocation `json:"invocations,omitempty"`
	// ColumnKind says columns count Unicode code points; rbcheck counts
	// bytes, which agree for ASCII SQL.
	ColumnKind string         `json:"columnKind,omitempty"`
	Properties map[string]any `json:"properties,omitempty"`
}

type SARIFInvocation struct {
	ExecutionSuccessful bool `json:"executionSuccessful"`
}

type SARIFTool struct {
	Driver SARIFDriver `json:"driver"`
}

type SARIFDriver struct {
	Name           string                     `json:"name"`
	InformationURI string                     `json:"informationUri,omitempty"`
	Version        string                     `json:"version,omitempty"`
	Rules          []SARIFReportingDescriptor `json:"rules"`
}

type SARIFMessage struct {
	Text     string `json:"text,omitempty"`
	Markdown string `json:"markdown,omitempty"`
}

type SARIFReportingDescriptor struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name,omitempty"`
	ShortDescription     *SARIFMessage      `json:"shortDescription,omitempty"`
	FullDescription      *SARIFMessage      `json:"fullDescription,omitempty"`
	HelpURI              string             `json:"helpUri,omitempty"`
	Help                 *SARIFMessage      `json:"help,omitempty"`
	DefaultConfiguration *SARIFRuleConfig   `json:"defaultConfiguration,omitempty"`
	Properties           *SARIFRuleProperty `json:"properties,omitempty"`
}

type SARIFRuleConfig struct {
	Level   string `json:"level"`
	Enabled bool   `json:"enabled"`
}

type SARIFRuleProperty struct {
	Tags []string `json:"tags,omitempty"`
}

type SARIFResult struct {
	RuleID     string          `json:"ruleId"`
	RuleIndex  int             `json:"ruleIndex"`
	Level      string          `json:"level"`
	Message    SARIFMessage    `json:"message"`
	Locations  []SARIFLocation `json:"locations,omitempty"`
	Properties map[string]any  `json:"properties,omitempty"`
}

type SARIFLocation struct {
	PhysicalLocation SARIFPhysicalLocation `json:"physicalLocation"`
}

type SARIFPhysicalLocation struct {
	ArtifactLocation SARIFArtifactLocation `json:"artifactLocation"`
	Region           *SARIFRegion          `json:"region,omitempty"`
}

type SARIFArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type SARIFRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// SARIF builds a SARIF log with one run; rules are added to the driver the
// first time a result uses them.
type SARIF struct {
	Log       SARIFLog
	ruleIndex map[string]int
}

// NewSARIF returns an empty log for rbcheck.
func NewSARIF() *SARIF {
	return &SARIF{
		Log: SARIFLog{
			Schema:  SARIFSchema,
			Version: SARIFVersion,
			Runs: []SARIFRun{{
				Tool: SARIFTool{Driver: SARIFDriver{
					Name: ToolName, InformationURI: ToolURI, Version: Version,
					Rules: []SARIFReportingDescriptor{},
				}},
				Results:    []SARIFResult{},
				ColumnKind: "unicodeCodePoints",
			}},
		},
		ruleIndex: map[string]int{},
	}
}

// SARIFLevel maps a severity to a SARIF level.
func SARIFLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "note"
}

// Rule returns the driver index of r, adding its descriptor when new.
func (s *SARIF) Rule(r *rules.Rule) int {
	if i, ok := s.ruleIndex[r.Name]; ok {
		return i
	}
	full := r.Title
	if r.Why != "" {
		full = strings.TrimSpace(r.Why)
	}
	tags := []string{"rbcheck"}
	if r.Effect != "" {
		tags = append(tags, string(r.Effect))
	}
	d := SARIFReportingDescriptor{
		ID:                   r.Name,
		Name:                 sarifName(r.Name),
		ShortDescription:     &SARIFMessage{Text: r.Title},
		FullDescription:      &SARIFMessage{Text: full},
		HelpURI:              RuleURL(r.Name),
		Help:                 &SARIFMessage{Text: r.Title + "\n" + RuleURL(r.Name), Markdown: RuleDoc(r)},
		DefaultConfiguration: &SARIFRuleConfig{Level: SARIFLevel(r.Severity), Enabled: r.Default},
		Properties:           &SARIFRuleProperty{Tags: tags},
	}
	run := &s.Log.Runs[0]
	run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, d)
	i := len(run.Tool.Driver.Rules) - 1
	s.ruleIndex[r.Name] = i
	return i
}

// sarifName turns kebab-case into PascalCase ("drop-column" → "DropColumn"),
// the form SARIF viewers show as the rule's name.
func sarifName(id string) string {
	var b strings.Builder
	for _, p := range strings.Split(id, "-") {
		if p == "" {
			continue
		}
		b.WriteString(strings.ToUpper(p[:1]) + p[1:])
	}
	return b.String()
}

// AddResult adds a result of rule r at file:line:col (file relative to the
// repository, with forward slashes; line 0 means the whole file).
func (s *SARIF) AddResult(r *rules.Rule, level, message, file string, line, col int) *SARIFResult {
	res := s.newResult(r, level, message, file, line, col)
	run := &s.Log.Runs[0]
	run.Results = append(run.Results, res)
	return &run.Results[len(run.Results)-1]
}

// newResult is AddResult's result, not added to the log (its rule is).
func (s *SARIF) newResult(r *rules.Rule, level, message, file string, line, col int) SARIFResult {
	res := SARIFResult{
		RuleID:    r.Name,
		RuleIndex: s.Rule(r),
		Level:     level,
		Message:   SARIFMessage{Text: message},
	}
	if file != "" {
		loc := SARIFLocation{PhysicalLocation: SARIFPhysicalLocation{
			ArtifactLocation: SARIFArtifactLocation{URI: sarifURI(file), URIBaseID: SRCROOT},
		}}
		if line > 0 {
			loc.PhysicalLocation.Region = &SARIFRegion{StartLine: line, StartColumn: max(col, 0)}
		}
		res.Locations = []SARIFLocation{loc}
	}
	return res
}

// sarifURI percent-encodes what a relative URI reference cannot hold.
func sarifURI(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9',
			strings.IndexByte("-._~/!$&'()*+,;=@", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
		}
	}
	return b.String()
}

// Write prints the log as indented JSON.
func (s *SARIF) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&s.Log)
}
