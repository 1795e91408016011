#!/usr/bin/env bash
# reclaim's CI gate (action.yml runs it; so can any CI): run a scenario with expectations, compare the
# results with a baseline run, write the comparison as Markdown to the job summary, and fail on a FAIL
# verdict or a regression.
#   ci-gate.sh --scenario FILE [--repeat N] [--out DIR] [--baseline DIR] [--threshold X] [-- run options]
#   ci-gate.sh --results DIR --baseline DIR [--threshold X]     (judge runs made already: no run)
# Exit: 0 all good; 3 an expectation failed or a regression against the baseline; 1 anything else
# (bad input, a cell that did not end ok). The summary goes to $GITHUB_STEP_SUMMARY when it is set
# (GitHub), else to stdout.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
reclaim=(node "$here/dist/cli.js")
scenario='' repeat='5' out='reclaim-results' baseline='' threshold='5%' results='' extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --scenario) scenario="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    --threshold) threshold="$2"; shift 2 ;;
    --results) results="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "ci-gate: unknown argument $1" >&2; exit 1 ;;
  esac
done
summary="${GITHUB_STEP_SUMMARY:-/dev/stdout}"
status=0
if [ -z "$results" ]; then
  [ -n "$scenario" ] || { echo "ci-gate: name --scenario FILE (or --results DIR to judge a run made already)" >&2; exit 1; }
  "${reclaim[@]}" run "$scenario" --repeat "$repeat" --out "$out" --report --junit "$out/verdicts.xml" "${extra[@]}"
  status=$?
  results="$out"
  # 3: an expectation failed; 1: a cell did not end ok or the input was bad.
  [ "$status" -eq 0 ] || [ "$status" -eq 3 ] || { echo "ci-gate: reclaim run exited $status" >&2; exit "$status"; }
  { echo "## reclaim: $(basename "$scenario")"; echo; [ -f "$out/report/summary.md" ] && cat "$out/report/summary.md"; } >>"$summary"
fi
if [ -n "$baseline" ]; then
  if [ -d "$baseline" ]; then
    "${reclaim[@]}" compare "$baseline" "$results" --markdown --threshold "$threshold" >>"$summary"
    compared=$?
    [ "$compared" -eq 0 ] || [ "$compared" -eq 3 ] || { echo "ci-gate: reclaim compare exited $compared" >&2; exit "$compared"; }
    [ "$compared" -eq 3 ] && status=3
  else
    echo "ci-gate: no baseline at $baseline: nothing to compare with (the first run on a branch)" | tee -a "$summary" >&2
  fi
fi
exit "$status"
