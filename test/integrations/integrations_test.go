// Package integrations tests what teams adopt rbcheck through: the GitHub
// Action's script, the pre-commit hook, the Dockerfile's build and the CI
// recipes of docs/integrations.md, each with a freshly built rbcheck on a
// git repository of the bundled example's releases. GitHub, pre-commit,
// Docker, GitLab and CircleCI themselves do not run here (see
// docs/integrations.md for what is and is not covered).
package integrations

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/rbcheck/rbcheck/internal/report/sarifschema"
	"github.com/rbcheck/rbcheck/internal/scenario"
)

var root = filepath.Join("..", "..")

// rbcheckBin is the rbcheck built for these tests, in a directory of its own
// (put first on PATH).
var rbcheckBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "rbcheck-integrations-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	rbcheckBin = filepath.Join(dir, "bin", "rbcheck")
	if err := scenario.BuildRbcheck(root, rbcheckBin); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func fixtureRepo(t *testing.T) string {
	return scenario.CheckoutRepo(t, filepath.Join(root, "testdata", "checkout"))
}

func revParse(t *testing.T, dir, rev string) string {
	t.Helper()
	return scenario.Git(t, dir, "rev-parse", rev+"^{commit}")
}

// bash runs script in dir with env added and rbcheck first on PATH; it
// returns stdout, stderr and the exit code.
func bash(t *testing.T, dir, script string, env ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(rbcheckBin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"GIT_CONFIG_GLOBAL=/dev/null", "NO_COLOR=", "CI=true")
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("bash: %v", err)
	}
	return out.String(), errb.String(), code
}

// outputs reads a $GITHUB_OUTPUT file.
func outputs(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, l := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			m[k] = v
		}
	}
	return m
}

// TestActionYAML: action.yml is a composite action that builds rbcheck from
// its own checkout, hands every input to the script, uploads SARIF and
// fails the job on the script's verdict.
func TestActionYAML(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs map[string]struct {
			Default string `yaml:"default"`
		} `yaml:"inputs"`
		Runs struct {
			Using string `yaml:"using"`
			Steps []struct {
				ID   string            `yaml:"id"`
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				If   string            `yaml:"if"`
				Dir  string            `yaml:"working-directory"`
				Env  map[string]string `yaml:"env"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", action.Runs.Using)
	}
	for _, in := range []string{"range", "config", "format", "fail-on", "comment"} {
		if _, ok := action.Inputs[in]; !ok {
			t.Errorf("input %s is missing", in)
		}
	}
	var built, ran, uploaded, fails bool
	for _, s := range action.Runs.Steps {
		switch {
		case strings.Contains(s.Run, "go build") && strings.Contains(s.Run, "./cmd/rbcheck"):
			built = s.Dir == "${{ github.action_path }}"
		case strings.Contains(s.Run, "scripts/github-action.sh"):
			ran = s.ID == "rbcheck"
			for in := range action.Inputs {
				key := "INPUT_" + strings.ToUpper(strings.ReplaceAll(in, "-", "_"))
				switch in {
				case "token":
					key = "GH_TOKEN"
				case "sarif":
					continue // the upload step's condition
				}
				if s.Env[key] != "${{ inputs."+in+" }}" {
					t.Errorf("the script does not get input %s as %s: %q", in, key, s.Env[key])
				}
			}
			for _, k := range []string{"BASE_SHA", "HEAD_SHA", "PR_NUMBER", "RBCHECK"} {
				if s.Env[k] == "" {
					t.Errorf("the script does not get %s", k)
				}
			}
		case strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@"):
			uploaded = strings.Contains(s.With["sarif_file"], "steps.rbcheck.outputs.sarif-file") && strings.Contains(s.If, "inputs.sarif")
		case strings.Contains(s.If, "steps.rbcheck.outputs.fail == 'true'"):
			fails = strings.Contains(s.Run, "exit 1")
		}
	}
	if !built || !ran || !uploaded || !fails {
		t.Errorf("steps: build from the action's checkout %v, script %v, SARIF upload %v, fail on the verdict %v", built, ran, uploaded, fails)
	}
}

// TestGitHubAction runs the action's script as the action does, on pull
// requests of the bundled example, with a stand-in gh that records the
// comment calls.
func TestGitHubAction(t *testing.T) {
	repo := fixtureRepo(t)
	ghDir := t.TempDir()
	gh := `#!/usr/bin/env bash
echo "$*" >>"$GH_LOG"
for a in "$@"; do case "$a" in body=@*) cp "${a#body=@}" "$GH_LOG.body";; esac; done
case "$*" in *"-X "*) ;; *comments*) [ -n "${GH_EXISTING_ID:-}" ] && echo "$GH_EXISTING_ID";; esac
exit 0
`
	if err := os.WriteFile(filepath.Join(ghDir, "gh"), []byte(gh), 0o755); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join(root, "scripts", "github-action.sh"))
	if err != nil {
		t.Fatal(err)
	}
	v230, v240, v241 := revParse(t, repo, "v2.3.0"), revParse(t, repo, "v2.4.0"), revParse(t, repo, "v2.4.1")

	type result struct {
		log, summary, ghLog, ghBody string
		out                         map[string]string
	}
	runAction := func(t *testing.T, env ...string) result {
		t.Helper()
		tmp := t.TempDir()
		outFile, sumFile, ghLog := filepath.Join(tmp, "output"), filepath.Join(tmp, "summary"), filepath.Join(tmp, "gh.log")
		for _, f := range []string{outFile, sumFile} {
			if err := os.WriteFile(f, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		base := []string{"RBCHECK=" + rbcheckBin, "RUNNER_TEMP=" + tmp, "GITHUB_OUTPUT=" + outFile, "GITHUB_STEP_SUMMARY=" + sumFile,
			"GITHUB_REPOSITORY=acme/shop", "GH_LOG=" + ghLog, "PATH=" + ghDir + string(os.PathListSeparator) + os.Getenv("PATH")}
		log, errLog, code := bash(t, repo, "bash "+script, append(base, env...)...)
		if code != 0 {
			t.Fatalf("the script failed itself (exit %d): %s\n%s", code, log, errLog)
		}
		r := result{log: log + errLog, out: outputs(t, outFile)}
		s, _ := os.ReadFile(sumFile)
		r.summary = string(s)
		g, _ := os.ReadFile(ghLog)
		r.ghLog = string(g)
		b, _ := os.ReadFile(ghLog + ".body")
		r.ghBody = string(b)
		return r
	}

	t.Run("roll-forward-only with a new comment", func(t *testing.T) {
		r := runAction(t, "BASE_SHA="+v230, "HEAD_SHA="+v240, "PR_NUMBER=7", "INPUT_COMMENT=true")
		if r.out["verdict"] != "roll-forward-only" || r.out["exit-code"] != "1" || r.out["fail"] != "true" {
			t.Errorf("outputs %v", r.out)
		}
		if !strings.HasPrefix(r.summary, "### ⛔ rbcheck: `roll-forward-only`") || !strings.Contains(r.summary, "drop-column") {
			t.Errorf("job summary:\n%s", r.summary)
		}
		sarif, err := os.ReadFile(r.out["sarif-file"])
		if err != nil {
			t.Fatal(err)
		}
		if errs := sarifschema.Validate(sarif); len(errs) > 0 || !bytes.Contains(sarif, []byte(`"ruleId": "drop-column"`)) {
			t.Errorf("SARIF: %v\n%.300s", errs, sarif)
		}
		if !strings.Contains(r.log, "::error file=db/migrations/0003_drop_legacy_email.up.sql,line=2") {
			t.Errorf("no annotation in the job log:\n%s", r.log)
		}
		if !strings.Contains(r.ghLog, "-X POST repos/acme/shop/issues/7/comments") || !strings.HasPrefix(r.ghBody, "<!-- rbcheck-verdict -->\n### ⛔ rbcheck") {
			t.Errorf("comment not posted: gh %q, body %.100q", r.ghLog, r.ghBody)
		}
	})
	t.Run("the comment is updated", func(t *testing.T) {
		r := runAction(t, "BASE_SHA="+v230, "HEAD_SHA="+v240, "PR_NUMBER=7", "INPUT_COMMENT=true", "GH_EXISTING_ID=42")
		if !strings.Contains(r.ghLog, "-X PATCH repos/acme/shop/issues/comments/42") || strings.Contains(r.ghLog, "POST") {
			t.Errorf("comment 42 not updated: %q", r.ghLog)
		}
	})
	t.Run("rollback-safe, no comment asked", func(t *testing.T) {
		r := runAction(t, "BASE_SHA="+v240, "HEAD_SHA="+v241, "PR_NUMBER=8", "INPUT_FORMAT=text")
		if r.out["verdict"] != "rollback-safe" || r.out["exit-code"] != "0" || r.out["fail"] != "false" || r.ghLog != "" {
			t.Errorf("outputs %v, gh %q", r.out, r.ghLog)
		}
		if !strings.Contains(r.log, "rollback-safe: "+v241+" can be rolled back") {
			t.Errorf("text log:\n%s", r.log)
		}
	})
	t.Run("fail-on never reports only", func(t *testing.T) {
		r := runAction(t, "INPUT_RANGE=v2.3.0..v2.4.0", "INPUT_FAIL_ON=never")
		if r.out["verdict"] != "roll-forward-only" || r.out["fail"] != "false" {
			t.Errorf("outputs %v", r.out)
		}
	})
	t.Run("an error always fails", func(t *testing.T) {
		r := runAction(t, "INPUT_RANGE=nope..v2.4.0", "INPUT_FAIL_ON=never")
		if r.out["verdict"] != "error" || r.out["exit-code"] != "2" || r.out["fail"] != "true" || r.out["sarif-file"] != "" {
			t.Errorf("outputs %v", r.out)
		}
		if !strings.Contains(r.summary, "rbcheck could not check this release") || !strings.Contains(r.summary, "nope") {
			t.Errorf("summary:\n%s", r.summary)
		}
	})
	t.Run("a bad input is an error", func(t *testing.T) {
		r := runAction(t, "INPUT_RANGE=v2.3.0..v2.4.0", "INPUT_FAIL_ON=sometimes")
		if r.out["fail"] != "true" || !strings.Contains(r.log, "fail-on must be") {
			t.Errorf("outputs %v, log %s", r.out, r.log)
		}
	})
}

// TestPreCommitHook selects staged files with each hook's files pattern, as
// pre-commit does, and runs the hook's entry on them.
func TestPreCommitHook(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID, Entry, Language, Files string
		PassFilenames              bool `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, h := range hooks {
		ids[h.ID] = true
	}
	if !ids["rbcheck-lint"] {
		t.Fatalf("no rbcheck-lint hook in %v", ids)
	}
	// language golang: pre-commit runs go install ./... in the hook's repository
	if _, err := os.Stat(filepath.Join(root, "cmd", "rbcheck", "main.go")); err != nil {
		t.Fatal("go install ./... would not install an rbcheck command")
	}
	for _, h := range hooks {
		t.Run(h.ID, func(t *testing.T) {
			if h.Entry != "rbcheck lint" || !h.PassFilenames || (h.Language != "golang" && h.Language != "system") {
				t.Fatalf("hook %+v", h)
			}
			files := regexp.MustCompile(h.Files) // pre-commit's Python patterns of this form are RE2 too
			for _, c := range []struct {
				name, sql string
				exit      int
			}{
				{"db/migrations/0005_drop_orders.up.sql", "DROP TABLE orders;\n", 1},
				{"db/migrations/0005_add_notes.up.sql", "CREATE TABLE notes (id bigint PRIMARY KEY, body text);\n", 0},
			} {
				repo := fixtureRepo(t)
				scenario.WriteFiles(t, repo, map[string]string{c.name: c.sql, "docs/example.sql": "DROP TABLE orders;\n", "internal/store/x.go": "package store\n"})
				scenario.Git(t, repo, "add", "-A")
				var selected []string
				for _, f := range strings.Fields(scenario.Git(t, repo, "diff", "--cached", "--name-only")) {
					if files.MatchString(f) {
						selected = append(selected, f)
					}
				}
				if strings.Join(selected, " ") != c.name {
					t.Fatalf("the hook selects %v, want only %s", selected, c.name)
				}
				out, errOut, code := bash(t, repo, h.Entry+" "+strings.Join(selected, " "))
				if code != c.exit {
					t.Errorf("%s %s: exit %d, want %d\n%s%s", h.Entry, c.name, code, c.exit, out, errOut)
				}
			}
		})
	}
}

// TestDockerfile: a cgo build stage, a non-root final stage with git, rbcheck
// as the entry point; the build stage's go build command, run here as
// written (only its output directory moved), builds an rbcheck that prints
// the version passed as a build argument.
func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	// join continued lines, drop comments
	text := regexp.MustCompile(`\\\n\s*`).ReplaceAllString(string(data), " ")
	var stages [][]string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if strings.HasPrefix(l, "FROM ") {
			stages = append(stages, nil)
		}
		if len(stages) > 0 {
			stages[len(stages)-1] = append(stages[len(stages)-1], l)
		}
	}
	if len(stages) < 2 || !strings.HasPrefix(stages[0][0], "FROM golang:") || !strings.HasSuffix(stages[0][0], " AS build") {
		t.Fatalf("want a golang build stage and a final stage, got %d stages", len(stages))
	}
	var buildCmd string
	for _, l := range stages[0] {
		if strings.HasPrefix(l, "RUN ") && strings.Contains(l, "go build") {
			buildCmd = strings.TrimPrefix(l, "RUN ")
		}
	}
	if !strings.Contains(buildCmd, "CGO_ENABLED=1") {
		t.Errorf("the build is not cgo: %q", buildCmd)
	}
	final := strings.Join(stages[len(stages)-1], "\n")
	for _, want := range []string{"apt-get install -y --no-install-recommends git", "COPY --from=build /out/rbcheck /usr/local/bin/rbcheck", `ENTRYPOINT ["rbcheck"]`} {
		if !strings.Contains(final, want) {
			t.Errorf("the final stage lacks %q", want)
		}
	}
	user := regexp.MustCompile(`(?m)^USER (\S+)`).FindStringSubmatch(final)
	if user == nil || user[1] == "root" || user[1] == "0" {
		t.Errorf("the final stage does not switch to a non-root user: %v", user)
	}

	out := t.TempDir()
	cmd := strings.ReplaceAll(buildCmd, "/out/", out+"/")
	cmd = strings.ReplaceAll(cmd, "${VERSION}", "v0.0.0-dockerfile-test")
	stdout, stderr, code := bash(t, root, cmd)
	if code != 0 {
		t.Fatalf("the Dockerfile's build command failed: %s\n%s%s", cmd, stdout, stderr)
	}
	if !strings.HasPrefix(stdout, "rbcheck v0.0.0-dockerfile-test\n") {
		t.Errorf("the built rbcheck says %q, want the version passed as VERSION", stdout)
	}
}

// ciRecipes extracts the recipes of docs/integrations.md marked
// <!-- docs-test ci-recipe=NAME -->: the fenced block that follows.
func ciRecipes(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "docs", "integrations.md"))
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile("(?s)<!-- docs-test ci-recipe=(\\w+) -->\n```\\w*\n(.*?)```")
	out := map[string]string{}
	for _, m := range re.FindAllStringSubmatch(string(data), -1) {
		out[m[1]] = m[2]
	}
	return out
}

// TestCIRecipes runs the commands the recipes give rbcheck's image (the
// shell script, GitLab's script, CircleCI's command) in a repository of the
// bundled example's releases, with the variables those CI systems set.
func TestCIRecipes(t *testing.T) {
	recipes := ciRecipes(t)
	for _, name := range []string{"github", "shell", "gitlab", "circleci"} {
		if recipes[name] == "" {
			t.Fatalf("docs/integrations.md has no %s recipe", name)
		}
	}
	repo := fixtureRepo(t)
	v230, v240 := revParse(t, repo, "v2.3.0"), revParse(t, repo, "v2.4.0")

	// the workflow of the GitHub recipe uses this repository's action
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Uses string         `yaml:"uses"`
				With map[string]any `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(recipes["github"]), &wf); err != nil {
		t.Fatal(err)
	}
	usesAction := false
	for _, j := range wf.Jobs {
		for _, s := range j.Steps {
			if strings.HasPrefix(s.Uses, "rbcheck/rbcheck@") {
				usesAction = true
			}
		}
	}
	if !usesAction {
		t.Error("the GitHub recipe does not use the action")
	}

	var gitlab map[string]struct {
		Script []string `yaml:"script"`
	}
	if err := yaml.Unmarshal([]byte(recipes["gitlab"]), &gitlab); err != nil {
		t.Fatal(err)
	}
	var circle struct {
		Jobs map[string]struct {
			Steps []any `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(recipes["circleci"]), &circle); err != nil {
		t.Fatal(err)
	}
	var circleCmd string
	for _, s := range circle.Jobs["rbcheck"].Steps {
		if m, ok := s.(map[string]any); ok {
			if run, ok := m["run"].(map[string]any); ok {
				circleCmd, _ = run["command"].(string)
			}
		}
	}
	for _, c := range []struct {
		name, script string
		env          []string
		exit         int
		want         string
	}{
		{"shell", recipes["shell"], []string{"BASE=" + v230, "HEAD=" + v240}, 1, "### ⛔ rbcheck: `roll-forward-only`"},
		{"gitlab", strings.Join(gitlab["rbcheck"].Script, "\n"), []string{"CI_MERGE_REQUEST_DIFF_BASE_SHA=" + v230, "CI_COMMIT_SHA=" + v240}, 1, "### ⛔ rbcheck: `roll-forward-only`"},
		{"circleci", circleCmd, nil, 0, "rollback-safe: HEAD can be rolled back to v2.4.0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if strings.TrimSpace(c.script) == "" {
				t.Fatal("no command in the recipe")
			}
			out, errOut, code := bash(t, repo, "set -e\n"+c.script, c.env...)
			if code != c.exit || !strings.Contains(out, c.want) {
				t.Errorf("exit %d (want %d), stdout lacks %q:\n%s%s", code, c.exit, c.want, out, errOut)
			}
		})
	}
}
