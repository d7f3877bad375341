#!/usr/bin/env bash
# The one hook that names "the default embedding model" for packaging (scripts/package-vsix.sh, scripts/pack-tool.sh):
# prints the file the server itself resolves as its default model (`paperlsp model info` -> "file: ..."). The build
# copies that file (the model's NuGet DLL) to models/ beside every program, published ones included, so packages
# follow whatever the server's default is; the packaging scripts check that it arrived.
# Needs the Release build of server/PaperLsp.Cli (built here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
dll="server/PaperLsp.Cli/bin/Release/net10.0/paperlsp.dll"
[ -f "$dll" ] || dotnet build server/PaperLsp.Cli -c Release -nologo -v q >&2
file="$(env -u PAPERLSP_MODEL dotnet "$dll" model info --provider cpu | sed -n 's/^file: //p' | head -n 1)"
if [ -z "$file" ] || [ ! -f "$file" ]; then
  echo "default-model: the server reports no default model file" >&2
  exit 1
fi
echo "$file"
