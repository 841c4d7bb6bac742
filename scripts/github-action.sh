#!/usr/bin/env bash
# The GitHub Action's work (action.yml runs it after building rbcheck): the
# release verdict of the pull request's base..head as SARIF, as markdown in
# the job summary and, optionally, in one pull-request comment updated on
# every run, and in the job log. It never fails itself on the verdict: it
# writes fail=true to $GITHUB_OUTPUT and action.yml's last step fails the
# job, after the SARIF upload.
#
# Environment (action.yml sets it from the inputs and the event):
#   RBCHECK          the rbcheck binary
#   INPUT_RANGE      OLD..NEW; empty: BASE_SHA..HEAD_SHA of the pull request,
#                    else rbcheck's default (the latest release tag against HEAD)
#   INPUT_CONFIG     a .rbcheck.yaml to use instead of the new release's
#   INPUT_FORMAT     what the job log shows: github (annotations) or text
#   INPUT_FAIL_ON    roll-forward-only (default), acknowledged, or never
#   INPUT_COMMENT    true: post or update the pull-request comment
#   BASE_SHA, HEAD_SHA, PR_NUMBER, GITHUB_REPOSITORY   from the event
#   GH_TOKEN         for the comment (gh api)
#   GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP    from the runner
set -uo pipefail

: "${RBCHECK:?RBCHECK must name the rbcheck binary}"
out_dir="${RUNNER_TEMP:-$(mktemp -d)}"
output="${GITHUB_OUTPUT:-/dev/null}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
marker='<!-- rbcheck-verdict -->'

range="${INPUT_RANGE:-}"
if [ -z "$range" ] && [ -n "${BASE_SHA:-}" ] && [ -n "${HEAD_SHA:-}" ]; then
  range="$BASE_SHA..$HEAD_SHA"
fi
# the pull request's base may be missing from a shallow checkout
if [ -n "${BASE_SHA:-}" ] && ! git cat-file -e "$BASE_SHA^{commit}" 2>/dev/null; then
  echo "rbcheck: fetching the base commit $BASE_SHA (use actions/checkout with fetch-depth: 0 to skip this)"
  git fetch --quiet --no-tags origin "$BASE_SHA" || echo "rbcheck: could not fetch $BASE_SHA"
fi

args=()
[ -n "$range" ] && args+=("$range")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
case "${INPUT_FAIL_ON:-roll-forward-only}" in
  roll-forward-only | never) ;;
  acknowledged) args+=(--fail-on-acknowledged) ;;
  *) echo "::error title=rbcheck::fail-on must be roll-forward-only, acknowledged or never, not ${INPUT_FAIL_ON}"
     echo "fail=true" >>"$output"; exit 0 ;;
esac
format="${INPUT_FORMAT:-github}"
case "$format" in
  github | text) ;;
  *) echo "::error title=rbcheck::format must be github or text, not $format"
     echo "fail=true" >>"$output"; exit 0 ;;
esac

md="$out_dir/rbcheck.md"
sarif="$out_dir/rbcheck.sarif"
errlog="$out_dir/rbcheck.stderr"

# The verdict once per output. The log run comes last so that its exit code
# is the one reported (the three agree: the same inputs, the same verdict).
"$RBCHECK" "${args[@]}" --format markdown >"$md" 2>"$errlog"
md_code=$?
"$RBCHECK" "${args[@]}" --format sarif >"$sarif" 2>>"$errlog"
sarif_code=$?
"$RBCHECK" "${args[@]}" --format "$format"
code=$?

verdict="error"
if [ "$md_code" -ne 2 ]; then
  verdict="$(sed -n '1s/^### .* rbcheck: `\(.*\)`$/\1/p' "$md")"
else
  # rbcheck could not decide: the summary says why instead of a verdict
  {
    echo "### ❌ rbcheck: error"
    echo
    echo "rbcheck could not check this release (exit code 2):"
    echo
    echo '```'
    cat "$errlog"
    echo '```'
  } >"$md"
fi

cat "$md" >>"$summary"
{
  echo "verdict=$verdict"
  echo "exit-code=$code"
  if [ "$sarif_code" -ne 2 ]; then echo "sarif-file=$sarif"; fi
  echo "markdown-file=$md"
} >>"$output"

fail=false
case "$code" in
  0) ;;
  1) [ "${INPUT_FAIL_ON:-roll-forward-only}" = never ] || fail=true ;;
  *) fail=true ;; # usage, configuration, git or internal error: never a pass
esac
echo "fail=$fail" >>"$output"

if [ "${INPUT_COMMENT:-false}" = true ]; then
  if [ -z "${PR_NUMBER:-}" ]; then
    echo "rbcheck: comment: true, but this run has no pull request; no comment posted"
  else
    body="$out_dir/rbcheck-comment.md"
    { echo "$marker"; cat "$md"; } >"$body"
    repo="${GITHUB_REPOSITORY:?}"
    id="$(gh api --paginate "repos/$repo/issues/$PR_NUMBER/comments" \
      --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)"
    if [ -n "$id" ]; then
      gh api --silent -X PATCH "repos/$repo/issues/comments/$id" -F "body=@$body" &&
        echo "rbcheck: updated comment $id on #$PR_NUMBER"
    else
      gh api --silent -X POST "repos/$repo/issues/$PR_NUMBER/comments" -F "body=@$body" &&
        echo "rbcheck: commented on #$PR_NUMBER"
    fi || echo "::warning title=rbcheck::could not post the pull-request comment (the job needs permissions: pull-requests: write)"
  fi
fi
exit 0
