#!/usr/bin/env bash
# Load tests of the hot voting path: one API node (Release, SQLite, durable), 200,000 residents with a token each,
# every scenario in the closed model (saturation) and the open model (a fixed offered rate, latency without
# coordinated omission), the no-work ceilings measured in the same run, and a check after every run that writes that
# every acknowledged ballot was counted exactly once.
#
#   loadtests/load-tests.sh [--smoke] [--residents N] [--connections N] [--warm-up S] [--duration S]
#                           [--saturation-duration S] [--load-fraction F] [--results DIR]
#
# Installs wrk (Debian) when it is missing, builds the driver and the API, and writes the report to
# loadtests/results/load-test-full.{md,json} (--smoke: load-test-smoke.*). Exit code 0 when every target is met
# (--smoke: when every ballot was counted correctly; its figures mean nothing). Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk (Debian) ..." >&2
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null; }
  else
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null
  fi
fi

build="${BUURTBUDGET_LOAD_BUILD:-${TMPDIR:-/tmp}/buurtbudget-load-tests-build}"
echo "Building the driver and the API (Release) into $build ..." >&2
if ! dotnet build loadtests/Buurtbudget.LoadTests/Buurtbudget.LoadTests.csproj -c Release --artifacts-path "$build" --nologo -v quiet >"$build.log" 2>&1; then
  grep -E "error" "$build.log" | sort -u | head -20 >&2
  echo "The build failed; see $build.log" >&2
  exit 1
fi

exec dotnet "$build/bin/Buurtbudget.LoadTests/release/Buurtbudget.LoadTests.dll" --results "$PWD/loadtests/results" --wrk "$(command -v wrk)" "$@"
