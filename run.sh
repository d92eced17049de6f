#!/usr/bin/env bash
# Runs the platform on the embedded SQLite store with the demo data from seeds/, and serves the web client.
#   ./run.sh                 web client and API on http://localhost:5080 (data in ./data, or $BUURTBUDGET_DATA)
#   BUURTBUDGET_SKIP_WEB=1 ./run.sh   the API alone, without Node.js
#   News__Smtp__Host=smtp.example.nl News__Smtp__Port=587 ./run.sh   news by e-mail through that SMTP server
#     (News__Smtp__Security=None for a relay without TLS, e.g. a local test server; News__Smtp__UserName and
#     News__Smtp__Password when it asks for a login). Without a host, mail waits in the queue and the log says so.
# Installs what it needs: NuGet packages through restore; Node.js and npm with apt-get (as root, or with sudo) when
# they are missing or older than the web client's build needs; the web client's npm packages when package-lock.json
# changed. Needs the .NET 10 SDK.
set -euo pipefail
cd "$(dirname "$0")"
web=src/Buurtbudget.Web

fail() {
  echo "run.sh: $*" >&2
  exit 1
}

if ! command -v dotnet >/dev/null 2>&1; then
  fail "The .NET 10 SDK is needed (dotnet was not found on PATH); see https://dotnet.microsoft.com/download."
fi

# Runs a command as root: directly when root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    fail "Node.js 20.19+ and npm are needed to build the web client, and installing them needs root: run ./run.sh as root, install sudo, or install Node.js yourself (or run the API alone with BUURTBUDGET_SKIP_WEB=1)."
  fi
}

# Vite, which builds the web client, needs Node.js ^20.19 or >= 22.12 (its package.json "engines").
node_recent() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && node -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    process.exit((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 23 ? 0 : 1);'
}

install_node() {
  echo "Node.js 20.19+ and npm are needed to build the web client: installing them with apt-get."
  as_root apt-get update -q
  as_root apt-get install -y -q --no-install-recommends nodejs npm
  if node_recent; then
    return
  fi

  # Debian 12 ships Node.js 18. NodeSource's Debian repository is the usual source of a current one.
  echo "Debian's Node.js ($(node --version 2>/dev/null || echo none)) is older than Vite needs: adding NodeSource's repository for Node.js 22."
  as_root apt-get install -y -q --no-install-recommends ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | as_root gpg --dearmor --yes -o /usr/share/keyrings/nodesource.gpg
  echo "deb [signed-by=/usr/share/keyrings/nodesource.gpg] https://deb.nodesource.com/node_22.x nodistro main" \
    | as_root tee /etc/apt/sources.list.d/nodesource.list >/dev/null
  as_root apt-get update -q
  as_root apt-get install -y -q nodejs
  node_recent || fail "Node.js $(node --version 2>/dev/null || echo '(none)') with npm is still not 20.19+ after installing; install a current Node.js and run ./run.sh again."
}

# Builds the web client into $web/dist. npm ci only when package-lock.json (or Node.js) changed since the last one.
build_web_client() {
  node_recent || install_node
  local stamp="$web/node_modules/.run-sh-stamp"
  local wanted
  wanted="$(sha256sum "$web/package-lock.json" | cut -d' ' -f1) node $(node --version)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    echo "The web client's npm packages match package-lock.json; skipping npm ci."
  else
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in $web failed."
    echo "$wanted" >"$stamp"
  fi

  (cd "$web" && npm run build --silent) || fail "The web client's build failed (npm run build in $web)."
}

export BUURTBUDGET_DATA="${BUURTBUDGET_DATA:-$PWD/data}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:5080}"
export Seeds__Directory="${Seeds__Directory:-$PWD/seeds}"
url="${ASPNETCORE_URLS%%;*}"
# The links in news mails point at the web client this script serves.
export News__PublicUrl="${News__PublicUrl:-$url/}"

if [ "${BUURTBUDGET_SKIP_WEB:-}" = "1" ]; then
  where="the API on $url/api"
else
  build_web_client
  export WebClient__Root="$PWD/$web/dist"
  where="the web client on $url/ (in Development, sign in with a demo persona), the API under $url/api"
fi

dotnet restore Buurtbudget.sln --nologo -v quiet
dotnet build src/Buurtbudget.Api --nologo -v quiet --no-restore -c Release
echo "Buurtbudget runs: $where (data: $BUURTBUDGET_DATA). Stop with Ctrl+C."
if [ -n "${News__Smtp__Host:-}" ]; then
  echo "News by e-mail goes through the SMTP server ${News__Smtp__Host}:${News__Smtp__Port:-587}."
else
  echo "No SMTP server is configured (News__Smtp__Host): news by e-mail waits in the queue until one is."
fi
exec dotnet run --project src/Buurtbudget.Api --no-build -c Release --no-launch-profile
