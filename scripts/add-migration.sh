#!/usr/bin/env bash
# Adds an EF Core migration: scripts/add-migration.sh <Name>
# dotnet-ef 6 starts the net9.0 Core assembly on the installed runtime; only .NET 10 is
# installed here, so roll forward for this design-time step (the app itself is self-contained).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
DOTNET_ROLL_FORWARD=Major dotnet ef migrations add "$1" \
  --project JadeStudio.Core --startup-project JadeStudio.Core --output-dir Storage/Migrations
