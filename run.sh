#!/usr/bin/env bash
# Runs the platform on the embedded SQLite store with the demo data from seeds/.
#   ./run.sh                 API on http://localhost:5080 (data in ./data, or $BUURTBUDGET_DATA)
# Installs what it needs (NuGet packages through restore); needs the .NET 10 SDK.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is needed (dotnet was not found on PATH); see https://dotnet.microsoft.com/download." >&2
  exit 1
fi

export BUURTBUDGET_DATA="${BUURTBUDGET_DATA:-$PWD/data}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:5080}"
export Seeds__Directory="${Seeds__Directory:-$PWD/seeds}"

dotnet restore Buurtbudget.sln --nologo -v quiet
dotnet build src/Buurtbudget.Api --nologo -v quiet --no-restore -c Release
echo "Buurtbudget runs on $ASPNETCORE_URLS (data: $BUURTBUDGET_DATA). Stop with Ctrl+C."
exec dotnet run --project src/Buurtbudget.Api --no-build -c Release --no-launch-profile
