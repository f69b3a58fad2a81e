#!/usr/bin/env bash
# Adds an EF Core migration for the SQLite store: scripts/add-migration.sh <Name>
# Each store keeps its migrations in its own folder (Storage/Migrations/<Provider>), so a second
# provider's history can live beside this one. The namespace follows the folder
# (JadeStudio.Core.Storage.Migrations.Sqlite); naming it explicitly would make the tool put the model
# snapshot in a folder built from the namespace instead.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet ef migrations add "$1" \
  --project JadeStudio.Core --startup-project JadeStudio.Core \
  --output-dir Storage/Migrations/Sqlite
