#!/usr/bin/env bash
# The GitHub Action's body (action.yml): one scan that prints workflow annotations, writes SARIF for
# code scanning and appends a summary to the job page. Inputs arrive as environment variables.
set -uo pipefail

action_dir="${GITHUB_ACTION_PATH:?}"
sarif_file="${INPUT_SARIF_FILE:-eks-lint.sarif}"
summary_file=$(mktemp)

read -r -a paths <<< "${INPUT_PATHS:-.}"
args=("${paths[@]}" --format github --format sarif --output-file "$sarif_file" --format markdown --output-file "$summary_file")
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")

node "$action_dir/bin/eks-lint.js" "${args[@]}"
status=$?

[ -n "${GITHUB_STEP_SUMMARY:-}" ] && cat "$summary_file" >> "$GITHUB_STEP_SUMMARY"
rm -f "$summary_file"
[ -n "${GITHUB_OUTPUT:-}" ] && { echo "sarif-file=$sarif_file"; echo "exit-code=$status"; } >> "$GITHUB_OUTPUT"
exit "$status"
