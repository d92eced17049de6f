#!/usr/bin/env bash
# Runs the whole test suite and ends with one line: "N passed, N failed[, N skipped]".
# Installs what it needs (NuGet packages through restore); needs the .NET 10 SDK.
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is needed (dotnet was not found on PATH)." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! dotnet build Buurtbudget.sln --nologo -v quiet -c Release >"$log" 2>&1; then
  grep -E "error" "$log" | sort -u | head -50
  echo "The build failed; no tests ran."
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Buurtbudget.sln --nologo --no-build -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test assembly ends with a block: "Total tests: T", then "Passed: P", "Failed: F", "Skipped: S" (zeros left out).
read -r passed failed skipped assemblies < <(awk '
  /^Total tests:/ { blocks++ }
  /^ +Passed: +[0-9]+$/  { p += $2 }
  /^ +Failed: +[0-9]+$/  { f += $2 }
  /^ +Skipped: +[0-9]+$/ { s += $2 }
  END { print p+0, f+0, s+0, blocks+0 }' "$log")
expected=$(ls tests/*/*.Tests.csproj | wc -l)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # the runner failed without a test failing (a crash, a missing assembly): never report green
fi
if [ "$assemblies" -lt "$expected" ]; then
  echo "Only $assemblies of $expected test projects reported results."
  failed=$((failed + expected - assemblies))
fi

if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
