#!/usr/bin/env bash
# Runs the benchmarks (JadeStudio.Bench): publishes the app as a release is deployed (docs/deployment.md §3:
# Release, ReadyToRun, framework-dependent), seeds its own data, measures
# every scenario against its baseline in the same run, prints the table and writes docs/benchmarks.md.
# Pass "--scale 0.05" for a quick check with smaller data (the report is then not written).
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/ensure-chromium.sh
# The PostgreSQL scenarios run on a throw-away server, as the tests do.
. scripts/ensure-postgresql.sh
trap 'jadestudio_stop_postgresql' EXIT

dotnet publish JadeStudio.Web -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
  -o JadeStudio.Web/bin/Release/published --nologo -v quiet
dotnet run -c Release --project JadeStudio.Bench -- "$@"
