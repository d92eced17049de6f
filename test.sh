#!/usr/bin/env bash
# Runs the whole test suite and ends with one line: "N passed, N failed[, N skipped]".
# The .NET build and tests (npm ci for the web client beside them), then the web client's unit tests, its build, and
# the browser journeys in Chromium.
# Installs what it needs: NuGet packages through restore, npm packages with npm ci, and (as root, from Debian)
# Chromium and Node.js when they are missing. Needs the .NET 10 SDK.
set -uo pipefail
cd "$(dirname "$0")"
repo=$PWD

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is needed (dotnet was not found on PATH)." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

log=$(mktemp)
npm_log=
npm_failed=
npm_pid=
trap '[ -z "$npm_pid" ] || wait "$npm_pid"; rm -f "$log" "$npm_log" "$npm_failed"' EXIT
passed=0
failed=0
skipped=0
timings=()
started=$SECONDS
part_started=$SECONDS
# Records how long the part since the last call took: "label: N s".
took() {
  timings+=("$1: $((SECONDS - part_started)) s")
  echo "== $1 took $((SECONDS - part_started)) s"
  part_started=$SECONDS
}

# ---------------------------------------------------------------------------------------------------------------
# The web client (src/Buurtbudget.Web) and its browser journeys (tests/Buurtbudget.Web.Journeys).
# The tools are checked (and installed) first, so that npm ci can run beside the .NET build and tests.
web=src/Buurtbudget.Web
journeys=tests/Buurtbudget.Web.Journeys
artefacts=$journeys/artefacts
mkdir -p "$artefacts"

# A step that could not be done counts as one failure, with its reason on a line of its own.
problem() {
  echo "FAILED: $*" >&2
  failed=$((failed + 1))
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else return 1
  fi
}

# Installs Debian packages, refreshing the package lists only when apt does not know the package yet.
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  local pkg
  for pkg in "$@"; do
    if [ -z "$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)" { print $2 }')" ]; then
      as_root apt-get update -q >"$log" 2>&1 || { tail -20 "$log"; return 1; }
      break
    fi
  done
  as_root apt-get install -y -q "$@" >"$log" 2>&1 || { tail -20 "$log"; return 1; }
}

chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
tools_ok=1
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "Node.js or npm is missing: installing Debian's nodejs and npm."
  apt_install nodejs npm || { problem "could not install Node.js and npm from Debian (apt-get install nodejs npm)"; tools_ok=0; }
fi
if [ ! -x "$chromium" ]; then
  echo "Chromium is missing at $chromium: installing Debian's chromium."
  apt_install chromium || { problem "could not install Chromium from Debian (apt-get install chromium)"; tools_ok=0; }
  [ -x "$chromium" ] || { [ "$tools_ok" -eq 0 ] || problem "Chromium is still missing at $chromium after the install"; tools_ok=0; }
fi
if [ "$tools_ok" -eq 1 ] && [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt 20 ]; then
  problem "Node.js 20 or later is needed for the web client and the journeys; this is $(node --version 2>/dev/null)"
  tools_ok=0
fi
if [ "$tools_ok" -eq 1 ]; then
  echo "node $(node --version), npm $(npm --version), $("$chromium" --version 2>/dev/null)"
fi
took "tools (node, npm, chromium)"

# npm ci for the client and the journeys, in the background: it mostly waits on the package mirror and the disk, and
# the .NET build leaves about a fifth of the two cores idle. Its output and the folders that failed go to files of
# their own, read once the .NET tests are done.
npm_log=$(mktemp)
npm_failed=$(mktemp)
npm_pid=
if [ "$tools_ok" -eq 1 ]; then
  (
    for dir in "$web" "$journeys"; do
      if ! (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) >>"$npm_log" 2>&1; then
        echo "$dir" >>"$npm_failed"
      fi
    done
  ) &
  npm_pid=$!
fi

if ! dotnet build Buurtbudget.sln --nologo -v quiet -c Release >"$log" 2>&1; then
  grep -E "error" "$log" | sort -u | head -50
  echo "The build failed; no tests ran."
  echo "0 passed, 1 failed"
  exit 1
fi
took "dotnet build"

dotnet test Buurtbudget.sln --nologo --no-build -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test assembly ends with a block: "Total tests: T", then "Passed: P", "Failed: F", "Skipped: S" (zeros left out).
read -r dotnet_passed dotnet_failed dotnet_skipped assemblies < <(awk '
  /^Total tests:/ { blocks++ }
  /^ +Passed: +[0-9]+$/  { p += $2 }
  /^ +Failed: +[0-9]+$/  { f += $2 }
  /^ +Skipped: +[0-9]+$/ { s += $2 }
  END { print p+0, f+0, s+0, blocks+0 }' "$log")
expected=$(ls tests/*/*.Tests.csproj | wc -l)
if [ "$status" -ne 0 ] && [ "$dotnet_failed" -eq 0 ]; then
  dotnet_failed=1   # the runner failed without a test failing (a crash, a missing assembly): never report green
fi
if [ "$assemblies" -lt "$expected" ]; then
  echo "Only $assemblies of $expected test projects reported results."
  dotnet_failed=$((dotnet_failed + expected - assemblies))
fi
echo ".NET tests: $dotnet_passed passed, $dotnet_failed failed, $dotnet_skipped skipped"
passed=$((passed + dotnet_passed)); failed=$((failed + dotnet_failed)); skipped=$((skipped + dotnet_skipped))
took "dotnet test"

# The web client's packages: npm ci has run beside the .NET build and tests.
npm_ok=0
if [ -n "$npm_pid" ]; then
  wait "$npm_pid"
  npm_pid=
  npm_ok=1
  while read -r dir; do
    tail -30 "$npm_log"
    problem "npm ci in $dir failed"
    npm_ok=0
  done <"$npm_failed"
fi
took "npm ci (the wait for it after the .NET tests)"

# The web client's unit tests (vitest): totals from its JSON report.
if [ "$npm_ok" -eq 1 ]; then
  unit_report=$repo/$artefacts/web-unit-tests.json
  rm -f "$unit_report"
  (cd "$web" && npm test --silent -- --reporter=default --reporter=json --outputFile.json="$unit_report")
  unit_status=$?
  if [ -s "$unit_report" ]; then
    read -r up uf us < <(node -e '
      const r = require(process.argv[1]);
      console.log(r.numPassedTests, r.numFailedTests, r.numPendingTests + r.numTodoTests);' "$unit_report")
    echo "Web unit tests: $up passed, $uf failed, $us skipped"
    passed=$((passed + up)); failed=$((failed + uf)); skipped=$((skipped + us))
    if [ "$unit_status" -ne 0 ] && [ "$uf" -eq 0 ]; then
      problem "the web unit tests exited with $unit_status without a failed test (a file that does not load?)"
    fi
  else
    problem "the web unit tests wrote no report (vitest exited with $unit_status)"
  fi
else
  problem "the web unit tests did not run: their packages are not installed"
fi
took "web unit tests"

build_ok=0
if [ "$npm_ok" -eq 1 ]; then
  if (cd "$web" && npm run build --silent) >"$log" 2>&1; then
    build_ok=1
  else
    grep -iE "error|failed" "$log" | head -40
    problem "the web client's build failed (npm run build in $web)"
  fi
fi
took "web build"

# The journeys: Playwright starts the built Release API with the built client itself (support/global-setup.ts).
if [ "$build_ok" -eq 1 ]; then
  journey_report=$repo/$artefacts/results.json
  rm -rf "$journey_report" "$artefacts/screenshots" "$artefacts/test-results"
  (cd "$journeys" && CHROMIUM_PATH="$chromium" npx playwright test)
  journey_status=$?
  if [ -s "$journey_report" ]; then
    read -r jp jf js je < <(node -e '
      const r = require(process.argv[1]);
      const s = r.stats;
      console.log(s.expected + s.flaky, s.unexpected, s.skipped, (r.errors || []).length);' "$journey_report")
    echo "Browser journeys: $jp passed, $jf failed, $js skipped (screenshots, report and API log in $artefacts)"
    passed=$((passed + jp)); failed=$((failed + jf)); skipped=$((skipped + js))
    if [ "$journey_status" -ne 0 ] && [ "$jf" -eq 0 ]; then
      problem "the journeys exited with $journey_status without a failed journey ($je error(s) outside the journeys, such as a platform not starting; see $artefacts/api-*.log)"
    fi
  else
    problem "the journeys wrote no report (Playwright exited with $journey_status)"
  fi
else
  problem "the browser journeys did not run: the web client was not built"
fi
took "browser journeys"

echo "Timings: ${timings[*]/%/;} total: $((SECONDS - started)) s"
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
