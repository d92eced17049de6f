#!/usr/bin/env bash
# Start-up time of one node (./run.sh's shape: Release, Development, embedded SQLite, an empty data directory, no
# seeds): from starting the process to the first 200 from /health/ready (the event store read and written), measured
# in one run for this tree with the Orleans dashboard off (the default) and on, and for a baseline commit, the runs of
# the variants interleaved so that the machine's load falls on all of them alike.
#
#   loadtests/startup-time.sh [--runs N] [--baseline COMMIT]     (default: 9 runs, baseline f5eea94, before Orleans)
#
# Prints one line per variant with the median and the fastest and slowest run, and the medians' differences.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=9
baseline=f5eea94
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--baseline COMMIT]" >&2; exit 2 ;;
  esac
done
command -v curl >/dev/null || { echo "curl is needed." >&2; exit 1; }

work="${TMPDIR:-/tmp}/buurtbudget-startup-time"
rm -rf "$work/data"
mkdir -p "$work"
build() { # build <source dir> <artifacts dir>
  dotnet build "$1/src/Buurtbudget.Api/Buurtbudget.Api.csproj" -c Release --artifacts-path "$2" --nologo -v quiet >"$2.log" 2>&1 \
    || { grep -E "error" "$2.log" | sort -u | head -20 >&2; echo "The build of $1 failed; see $2.log" >&2; exit 1; }
  echo "$2/bin/Buurtbudget.Api/release/Buurtbudget.Api.dll"
}

echo "Building this tree (Release) ..." >&2
current=$(build "$PWD" "$work/current")
echo "Building the baseline $baseline (Release) in a worktree of its own ..." >&2
rm -rf "$work/baseline-src"
git worktree add --detach "$work/baseline-src" "$baseline" >/dev/null 2>&1
trap 'git worktree remove --force "$work/baseline-src" >/dev/null 2>&1 || true' EXIT
before=$(build "$work/baseline-src" "$work/baseline")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# once <dll> [setting=value ...]: seconds from the process's start to the first 200 from /health/ready.
once() {
  local dll=$1; shift
  local port data
  port=$(free_port)
  data=$(mktemp -d "$work/data.XXXXXX")
  local started ended
  started=$(date +%s%N)
  env ASPNETCORE_ENVIRONMENT=Development BUURTBUDGET_DATA="$data" Authentication__Development__Enabled=true \
    Authentication__Development__KeyDirectory="$work/keys" Serilog__MinimumLevel__Default=Warning "$@" \
    dotnet "$dll" --urls "http://127.0.0.1:$port" >"$data/node.log" 2>&1 &
  local pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "The node stopped before it was ready:" >&2; tail -20 "$data/node.log" >&2; exit 1
    fi
    sleep 0.02
  done
  ended=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  echo "scale=3; ($ended - $started) / 1000000000" | bc
}

declare -A times
variants=("baseline" "orleans" "orleans-dashboard")
for run in $(seq 1 "$runs"); do
  times[baseline]+="$(once "$before") "
  times[orleans]+="$(once "$current") "
  times[orleans-dashboard]+="$(once "$current" Orleans__Dashboard__Enabled=true) "
  echo "run $run of $runs done" >&2
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
declare -A medians
for variant in "${variants[@]}"; do
  sorted=$(echo "${times[$variant]}" | tr ' ' '\n' | grep -v '^$' | sort -n)
  medians[$variant]=$(echo "${times[$variant]}" | median)
  printf '%-22s median %6.3f s  (fastest %s s, slowest %s s, %s runs)\n' "$variant" "${medians[$variant]}" \
    "$(echo "$sorted" | head -1)" "$(echo "$sorted" | tail -1)" "$runs"
done
printf 'orleans - baseline: %+.3f s; the dashboard: %+.3f s\n' \
  "$(echo "${medians[orleans]} - ${medians[baseline]}" | bc)" "$(echo "${medians[orleans-dashboard]} - ${medians[orleans]}" | bc)"
