#!/usr/bin/env bash
# Runs every JadeStudio test on a fresh machine: installs what the tests need when it is
# missing (Debian's chromium for the browser tests, Debian's postgresql for the PostgreSQL store's tests, which
# run against a throw-away server started here, Debian's nginx for the deployment example's test), checks the code style, then builds and runs `dotnet test`, and runs the
# Core and API suites a second time on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/ensure-chromium.sh
. scripts/ensure-postgresql.sh
. scripts/ensure-nginx.sh

log=$(mktemp)
trap 'rm -f "$log"; jadestudio_stop_postgresql' EXIT
status=0
# The code style the .editorconfig asks for (file-scoped namespaces, no unused usings, field names, layout).
dotnet restore JadeStudio.sln --nologo -v q
if ! dotnet format JadeStudio.sln --verify-no-changes --no-restore -v q; then
  echo "dotnet format: the code differs from .editorconfig's style; run 'dotnet format JadeStudio.sln' and commit." >&2
  status=1
fi
dotnet test JadeStudio.sln --nologo 2>&1 | tee "$log" || status=$?
# The Core and API suites once more on the PostgreSQL store (each test on a database of its own on the throw-away
# server); tests of one store's own ways (Trait Store) ran above.
echo "Core and API suites on PostgreSQL:"
JADESTUDIO_TEST_STORE=PostgreSql dotnet test JadeStudio.Tests --nologo --no-build \
  --filter "(FullyQualifiedName~JadeStudio.Tests.Core.|FullyQualifiedName~JadeStudio.Tests.Api.)&Store!=Sqlite&Store!=PostgreSql" 2>&1 | tee -a "$log" || status=$?

# One plain summary line ("N passed, N failed, N skipped") for CI, summed over test assemblies.
summary=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' \
  | awk '{f+=$1; p+=$2; s+=$3} END {if (NR) printf "%d passed, %d failed, %d skipped", p, f, s}')
if [ -n "$summary" ]; then
  echo "tests: $summary"
fi
exit "$status"
