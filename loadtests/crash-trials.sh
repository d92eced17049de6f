#!/usr/bin/env bash
# Crash trials: kill -9 an API node at random instants while residents vote, restart it on the same data, and check
# over HTTP that every acknowledged ballot is counted exactly once and that the hash chain verifies.
#
#   loadtests/crash-trials.sh --store sqlite|postgres --trials N [--residents N] [--concurrency N] [--seed N]
#                             [--time-limit hh:mm:ss] [--data-per-trial true|false]
#   loadtests/crash-trials.sh --store postgres --cluster --trials N [...]
#
# Builds the harness (which carries the API build it starts), starts a PostgreSQL server of its own for
# --store postgres, and ends with the line "trials N, acknowledged A, lost L, duplicated D". With --cluster, three
# nodes form one Orleans cluster behind nginx (installed with apt-get when missing), a random one is killed while
# residents vote through the proxy, and the line ends with ", longest unavailability S s". Exit code 0 only when
# every trial ran and nothing was lost or duplicated. Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

store=sqlite
cluster=false
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --store) store="${2:-}"; args+=("$1" "${2:-}"); shift 2 ;;
    --cluster) cluster=true; args+=(--cluster true); shift ;;
    --connection-string|--api) echo "$1 is chosen by this script; leave it out." >&2; exit 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
case "$store" in
  sqlite|postgres) ;;
  *) echo "--store is sqlite or postgres, not '$store'." >&2; exit 2 ;;
esac
if [ "$cluster" = true ] && [ "$store" != postgres ]; then
  echo "--cluster keeps the cluster's membership and events in PostgreSQL: use it with --store postgres." >&2
  exit 2
fi

build="${BUURTBUDGET_CRASH_BUILD:-${TMPDIR:-/tmp}/buurtbudget-crash-trials-build}"
echo "Building the harness and the API (Release) into $build ..." >&2
if ! dotnet build loadtests/Buurtbudget.CrashTrials/Buurtbudget.CrashTrials.csproj -c Release --artifacts-path "$build" --nologo -v quiet >"$build.log" 2>&1; then
  grep -E "error" "$build.log" | sort -u | head -20 >&2
  echo "The build failed; see $build.log" >&2
  exit 1
fi
harness="$build/bin/Buurtbudget.CrashTrials/release/Buurtbudget.CrashTrials.dll"

if [ "$store" = postgres ]; then
  # shellcheck source=loadtests/lib/postgres.sh
  . loadtests/lib/postgres.sh
  trap stop_postgres EXIT
  start_postgres "$(mktemp -d "${TMPDIR:-/tmp}/buurtbudget-crash-pg-XXXXXX")"
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on $PG_CONNECTION_STRING" >&2
  args+=(--connection-string "$PG_CONNECTION_STRING")
fi

# Not exec: the trap must stop the PostgreSQL server after the harness ends.
status=0
dotnet "$harness" "${args[@]}" || status=$?
exit "$status"
