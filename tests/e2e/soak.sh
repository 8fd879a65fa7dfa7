#!/usr/bin/env bash
# The browser tests, run again and again while another process keeps every core busy: a test that
# depends on timing fails here sooner or later. Prints each run's counts and duration; exits non-zero
# if any run failed.
#
#   tests/e2e/soak.sh [RUNS [PYTEST ARGS...]]    RUNS defaults to 5; e.g. `soak.sh 10 -k playground`
#
# The load is `stress-ng --cpu <cores>` (Debian: apt-get install -y stress-ng), or one Python busy
# loop per core without it. It stops when the script ends, however it ends.
set -uo pipefail
set -m # each background job in its own process group: stopping a run stops its servers and browsers too
cd "$(dirname "$0")/../.."

runs=${1:-5}
shift $(($# > 0 ? 1 : 0))
cores=$(nproc)
logs=$(mktemp -d "${TMPDIR:-/tmp}/soak.XXXXXX")
load=()
tests=""

stop() {
  if [[ -n $tests ]]; then
    kill -TERM -- "-$tests" 2>/dev/null
    wait "$tests" 2>/dev/null
  fi
  ((${#load[@]})) || return 0
  kill "${load[@]}" 2>/dev/null
  wait "${load[@]}" 2>/dev/null
}
trap stop EXIT
trap 'exit 130' INT TERM

if command -v stress-ng >/dev/null 2>&1; then
  stress-ng --cpu "$cores" --quiet &
  load+=($!)
  echo "load: stress-ng --cpu $cores"
else
  for _ in $(seq "$cores"); do
    python3 -c "while True: pass" &
    load+=($!)
  done
  echo "load: $cores Python busy loops (apt-get install -y stress-ng for stress-ng)"
fi

count() { grep -oE "[0-9]+ $1" <<<"$2" | grep -oE '^[0-9]+' || echo 0; }

failed_runs=0
printf '%-4s %9s %7s %7s %7s  %s\n' run duration passed failed errors log
for i in $(seq "$runs"); do
  log="$logs/run$i.log"
  start=$(date +%s)
  CI=true python3 -m pytest tests/e2e -q -n 2 "$@" >"$log" 2>&1 &
  tests=$!
  wait "$tests"
  status=$?
  tests=""
  seconds=$(($(date +%s) - start))
  summary=$(grep -E ' in [0-9.]+s' "$log" | tail -1)
  printf '%-4s %8ss %7s %7s %7s  %s\n' "$i" "$seconds" "$(count passed "$summary")" \
    "$(count failed "$summary")" "$(count error "$summary")" "$log"
  if ((status != 0)); then
    failed_runs=$((failed_runs + 1))
    grep -E '^(FAILED|ERROR) ' "$log" | sed 's/^/     /'
  fi
done

echo "$((runs - failed_runs)) of $runs runs passed"
((failed_runs == 0))
