#!/usr/bin/env bash
# Copies the API's OpenAPI document (as the test host serves it, with every endpoint) to openapi/v1.json, from which
# `npm run build`, `dev`, `test` and `typecheck` generate src/api/schema.d.ts. Run it after changing an endpoint or a
# wire type; the API tests fail while the copy differs from what the API serves.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
dotnet build tests/Buurtbudget.Api.Tests -c Release -v quiet
BUURTBUDGET_REFRESH_OPENAPI=1 dotnet test tests/Buurtbudget.Api.Tests --no-build -c Release \
  --filter "FullyQualifiedName~OpenApiDocumentTests.The_web_clients_copy_is_the_document_the_api_serves"
echo "Refreshed src/Buurtbudget.Web/openapi/v1.json; now run: cd src/Buurtbudget.Web && npm run typecheck"
