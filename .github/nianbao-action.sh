#!/usr/bin/env bash
# The logic of the GitHub Action (action.yml at the repository root): which report files to
# check, and the nianbao run whose exit code is the step's. Kept out of action.yml so it can
# be run and tested anywhere (tests/recipes.rs runs it in scratch git repositories).
#
# Environment (action.yml sets it from the inputs and the event; every variable optional):
#   NIANBAO_PATHS         paths to check, one a line (default "."); names may hold spaces
#   NIANBAO_CHANGED_ONLY  true (default): only report files changed by the push or pull
#                         request under NIANBAO_PATHS; false: nianbao walks NIANBAO_PATHS
#   NIANBAO_BASE_SHA      the commit (or branch) to compare with: the pull request's base,
#                         the merge group's base or the push's `before`; empty or all zeros
#                         (a new branch) means there is none, and every report is checked
#   NIANBAO_EXCLUDE       files and folders to pass over, one gitignore pattern a line
#                         (`drafts/`, `*_old.xlsx`): `--exclude` of a folder walk, and the
#                         same patterns (from the repository root, with its .gitignore) on
#                         the changed files, which nianbao is given by name
#   NIANBAO_ARGS          extra flags for `nianbao check`, split as a shell would split them
#                         (quotes and backslashes honoured, nothing expanded or executed)
#   NIANBAO_FORMAT        output format (default "github": findings become annotations)
#   NIANBAO_SARIF_FILE    also write a SARIF report there (for code scanning)
#   NIANBAO_BIN           the nianbao binary (default: `nianbao` on PATH)
#   GITHUB_EVENT_NAME, GITHUB_BASE_REF, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY  as GitHub sets them
#
# Exit code: nianbao's (0 no error finding, 1 findings, 2 unreadable input or usage error);
# 0 with a message when no report file changed; 2 when this script is used wrongly.
# Written for bash 3.2 too (macOS runners): no `mapfile`, empty arrays expanded with care.
set -euo pipefail

# What a folder walk of nianbao takes: the extensions it reads (nianbao::read::EXTENSIONS)
# and those it converts with --convert (nianbao::read::CONVERTED); tests/recipes.rs checks
# that this list covers both.
REPORT_EXTENSIONS='xlsx|xlsm|xlsb|xls|et|ods|json|html|htm|docx|docm|doc|wps|rtf|odt|txt|md|pdf'

nianbao=${NIANBAO_BIN:-nianbao}
format=${NIANBAO_FORMAT:-github}
sarif_file=${NIANBAO_SARIF_FILE:-}
base=${NIANBAO_BASE_SHA:-}
event=${GITHUB_EVENT_NAME:-}

say() { printf 'nianbao: %s\n' "$*"; }
fail_usage() {
  printf '::error title=nianbao::%s\n' "$*"
  exit 2
}
output() { if [ -n "${GITHUB_OUTPUT:-}" ]; then printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; fi; }
summary() { if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then printf '%s\n' "$*" >>"$GITHUB_STEP_SUMMARY"; fi; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case $(printf '%s' "${NIANBAO_CHANGED_ONLY:-true}" | tr '[:upper:]' '[:lower:]') in
  true | yes | 1 | on) changed_only=true ;;
  false | no | 0 | off | '') changed_only=false ;;
  *) fail_usage "changed-only must be true or false, not '${NIANBAO_CHANGED_ONLY}'" ;;
esac

# One item a line, surrounding blanks and a CR (a workflow edited on Windows) dropped;
# printed NUL-separated.
items() {
  printf '%s\n' "$1" | while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    if [ -n "$line" ]; then printf '%s\0' "$line"; fi
  done
}
paths=()
while IFS= read -r -d '' p; do paths+=("$p"); done < <(items "${NIANBAO_PATHS:-.}")
if [ ${#paths[@]} -eq 0 ]; then paths=(.); fi
excludes=()
while IFS= read -r -d '' p; do excludes+=("$p"); done < <(items "${NIANBAO_EXCLUDE:-}")

# Extra flags, split by xargs (which honours quotes without running anything).
extra=()
if [ -n "${NIANBAO_ARGS:-}" ] && [ -n "$(printf '%s' "$NIANBAO_ARGS" | tr -d '[:space:]')" ]; then
  printf '%s' "$NIANBAO_ARGS" | xargs printf '%s\0' >"$tmp/args" ||
    fail_usage "args could not be split (an unmatched quote?): $NIANBAO_ARGS"
  while IFS= read -r -d '' arg; do extra+=("$arg"); done <"$tmp/args"
fi

# The base to compare with, fetched when a shallow checkout lacks it.
commit_of() { git rev-parse --verify --quiet "$1^{commit}" 2>/dev/null; }
resolve_base() {
  if [ -z "$base" ] || [ -z "${base//0/}" ]; then
    if [ -n "${GITHUB_BASE_REF:-}" ]; then
      base=$GITHUB_BASE_REF
    else
      return 1
    fi
  fi
  if base_commit=$(commit_of "$base"); then return 0; fi
  say "fetching $base to compare with (shallow checkout)"
  if git fetch --no-tags --quiet --depth=1 origin "$base" 2>"$tmp/fetch" &&
    base_commit=$(commit_of FETCH_HEAD); then
    return 0
  fi
  if [ -n "${GITHUB_BASE_REF:-}" ] && [ "$base" != "$GITHUB_BASE_REF" ] &&
    git fetch --no-tags --quiet --depth=1 origin "refs/heads/$GITHUB_BASE_REF" 2>>"$tmp/fetch" &&
    base_commit=$(commit_of FETCH_HEAD); then
    return 0
  fi
  sed 's/^/  /' "$tmp/fetch" >&2 || true
  printf '::warning title=nianbao::could not fetch %s to compare with: checking every report under the paths\n' "$base"
  return 1
}

targets=()
counted=""
if [ "$changed_only" = true ]; then
  if ! git rev-parse --git-dir >/dev/null 2>&1; then
    fail_usage "changed-only needs a git checkout (actions/checkout) in $(pwd)"
  fi
  if resolve_base; then
    # Compare from the merge base when the history has it (a pull request's head checked
    # out), else tree to tree: right for a push, and for the merge commit a pull request
    # checks out by default (its first parent is the base).
    from=$(git merge-base "$base_commit" HEAD 2>/dev/null) || from=$base_commit
    git -c core.quotepath=false diff -z --name-only --diff-filter=ACMR --relative \
      "$from" HEAD -- "${paths[@]}" >"$tmp/changed"
    shopt -s nocasematch
    while IFS= read -r -d '' f; do
      if [[ $f =~ \.($REPORT_EXTENSIONS)$ ]]; then targets+=("$f"); fi
    done <"$tmp/changed"
    shopt -u nocasematch
    if [ ${#excludes[@]} -gt 0 ] && [ ${#targets[@]} -gt 0 ]; then
      printf '%s\n' "${excludes[@]}" >"$tmp/exclude"
      status=0
      printf '%s\0' "${targets[@]}" |
        git -c core.excludesFile="$tmp/exclude" check-ignore --no-index -z --stdin \
          >"$tmp/excluded" || status=$?
      if [ "$status" -gt 1 ]; then fail_usage "git check-ignore failed on the exclude patterns"; fi
      kept=()
      for f in "${targets[@]}"; do
        if ! tr '\0' '\n' <"$tmp/excluded" | grep -Fxq -- "$f"; then kept+=("$f"); fi
      done
      targets=(${kept[@]+"${kept[@]}"})
    fi
    short=$(git rev-parse --short "$from")
    if [ ${#targets[@]} -eq 0 ]; then
      say "no report file changed since $short under ${paths[*]}: nothing to check"
      summary "nianbao: no report file changed since \`$short\`."
      if [ -n "$sarif_file" ]; then
        # An empty run, so that an upload step after this one finds its file.
        mkdir -p "$(dirname "$sarif_file")"
        # shellcheck disable=SC2016 # "$schema" is a JSON key
        printf '%s\n' '{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"nianbao","rules":[]}},"results":[]}]}' >"$sarif_file"
      fi
      output files 0
      output exit-code 0
      exit 0
    fi
    counted=${#targets[@]}
    say "checking $counted report file(s) changed since $short"
    for f in "${targets[@]}"; do printf '  %s\n' "$f"; done
  else
    if [ -n "$event" ] && [ -z "${base//0/}" ]; then
      say "no earlier commit to compare with ($event): checking every report under ${paths[*]}"
    fi
    targets=("${paths[@]}")
  fi
else
  targets=("${paths[@]}")
fi
if [ ${#excludes[@]} -gt 0 ] && [ -z "$counted" ]; then
  # A folder walk: nianbao passes over them itself.
  walk=()
  for e in "${excludes[@]}"; do walk+=(--exclude "$e"); done
  extra=("${walk[@]}" ${extra[@]+"${extra[@]}"})
fi

if [ -n "$sarif_file" ]; then
  sarif_dir=$(dirname "$sarif_file")
  mkdir -p "$sarif_dir"
  # Its exit code is the main run's; a missing file is what matters here.
  "$nianbao" check --format sarif --quiet -o "$sarif_file" ${extra[@]+"${extra[@]}"} -- "${targets[@]}" || true
  if [ -s "$sarif_file" ]; then
    say "SARIF written to $sarif_file"
  else
    printf '::warning title=nianbao::no SARIF report was written to %s\n' "$sarif_file"
  fi
fi

set +e
"$nianbao" check --format "$format" ${extra[@]+"${extra[@]}"} -- "${targets[@]}"
rc=$?
set -e

case $rc in
  0) verdict="passed" ;;
  1) verdict="failed: findings at or above --fail-on" ;;
  *) verdict="failed: an input could not be read, or a usage error (exit $rc)" ;;
esac
say "$verdict"
summary "nianbao ${counted:+(${counted} changed file(s)) }$verdict."
output files "$counted"
output exit-code "$rc"
exit "$rc"
