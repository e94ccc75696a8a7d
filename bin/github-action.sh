#!/usr/bin/env bash
# The GitHub Action's body (action.yml): one scan that prints workflow annotations, writes SARIF for
# code scanning and appends a summary to the job page. Inputs arrive as environment variables.
# When eks-lint cannot run (exit code 2) it writes no report; the SARIF file the action announces
# is then an empty log carrying the error, so that an `if: always()` upload step still works, and
# the summary says what went wrong.
set -uo pipefail

action_dir="${GITHUB_ACTION_PATH:?}"
sarif_file="${INPUT_SARIF_FILE:-eks-lint.sarif}"
summary_file=$(mktemp)
error_file=$(mktemp)

read -r -a paths <<< "${INPUT_PATHS:-.}"
args=("${paths[@]}" --format github --format sarif --output-file "$sarif_file" --format markdown --output-file "$summary_file")
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")

# A SARIF file left by an earlier run must not pass for this run's.
rm -f "$sarif_file"
node "$action_dir/bin/eks-lint.js" "${args[@]}" 2> "$error_file"
status=$?
cat "$error_file" >&2

if [ "$status" -ge 2 ] || [ ! -f "$sarif_file" ]; then
  node "$action_dir/bin/github-action-failure.js" "$status" "$error_file" "$sarif_file"
elif [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$summary_file" >> "$GITHUB_STEP_SUMMARY"
fi
rm -f "$summary_file" "$error_file"
[ -n "${GITHUB_OUTPUT:-}" ] && { echo "sarif-file=$sarif_file"; echo "exit-code=$status"; } >> "$GITHUB_OUTPUT"
exit "$status"
