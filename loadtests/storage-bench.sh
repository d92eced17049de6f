#!/usr/bin/env bash
# Storage figures, measured on this machine in one run: votes per second through the round actors with group
# commit against one commit per vote, on SQLite and on PostgreSQL, first ballots spread over 50 hot rounds against
# all in one hot round, and the activation time of a round with 100,000
# ballots from its events against from a snapshot, and listing 2,000 stored rounds from the read model (with the
# round activations that causes: 0) against activating every round.
#
#   loadtests/storage-bench.sh [--sqlite-only] [--seconds S] [--voters N] [--activation-ballots N] [--snapshot-every N]
#                              [--listed-rounds N] [--hot-rounds N] [--spread-pairs N] [--only voting|spread|activation|listing]
#
# Builds the bench, starts a PostgreSQL server of its own on loopback (fsync on, like production) unless
# --sqlite-only, and prints one line per figure with its ratio. Absolute figures move with the machine's load;
# compare the ratios of one run.
set -euo pipefail
cd "$(dirname "$0")/.."

postgres=true
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sqlite-only) postgres=false; shift ;;
    --postgres) echo "--postgres is chosen by this script; leave it out." >&2; exit 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

build="${BUURTBUDGET_BENCH_BUILD:-${TMPDIR:-/tmp}/buurtbudget-storage-bench-build}"
echo "Building the storage bench (Release) into $build ..." >&2
if ! dotnet build loadtests/Buurtbudget.StorageBench/Buurtbudget.StorageBench.csproj -c Release --artifacts-path "$build" --nologo -v quiet >"$build.log" 2>&1; then
  grep -E "error" "$build.log" | sort -u | head -20 >&2
  echo "The build failed; see $build.log" >&2
  exit 1
fi

if [ "$postgres" = true ]; then
  # shellcheck source=loadtests/lib/postgres.sh
  . loadtests/lib/postgres.sh
  trap stop_postgres EXIT
  start_postgres "$(mktemp -d "${TMPDIR:-/tmp}/buurtbudget-bench-pg-XXXXXX")"
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') (fsync on) on $PG_CONNECTION_STRING" >&2
  args+=(--postgres "$PG_CONNECTION_STRING")
fi

status=0
dotnet "$build/bin/Buurtbudget.StorageBench/release/Buurtbudget.StorageBench.dll" "${args[@]}" || status=$?
exit "$status"
