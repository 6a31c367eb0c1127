#!/usr/bin/env bash
# Adds an EF Core migration to GameHost.Domain (SQLite). Usage: scripts/new-migration.sh Name
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet ef migrations add "$1" --project GameHost.Domain --startup-project GameHost.Domain --output-dir Persistence/Migrations
