#!/usr/bin/env bash
# Adds an EF Core migration to each store: scripts/add-migration.sh <Name>
# SQLite's migrations live in Core (Storage/Migrations/Sqlite), PostgreSQL's in JadeStudio.Storage.PostgreSql
# (Migrations): EF Core reads one provider's migrations from one assembly. Both come from the one model.
# The SQLite namespace follows the folder (JadeStudio.Core.Storage.Migrations.Sqlite); naming it explicitly would
# make the tool put the model snapshot in a folder built from the namespace instead.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet ef migrations add "$1" \
  --project JadeStudio.Core --startup-project JadeStudio.Core \
  --output-dir Storage/Migrations/Sqlite
dotnet ef migrations add "$1" \
  --project JadeStudio.Storage.PostgreSql --startup-project JadeStudio.Storage.PostgreSql \
  --output-dir Migrations
