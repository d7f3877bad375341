#!/usr/bin/env bash
# The one hook that names "the default embedding model" for packaging (scripts/package-vsix.sh, the dotnet tool):
# makes sure it is prepared (scripts/fetch-model.sh), then prints the folder the server itself resolves as its
# default (`paperlsp model info` → "folder: ..."), so packages follow whatever the server's default is.
# Needs the Release build of server/PaperLsp.Cli (built here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
dll="server/PaperLsp.Cli/bin/Release/net10.0/paperlsp.dll"
[ -f "$dll" ] || dotnet build server/PaperLsp.Cli -c Release -nologo -v q >&2
bash scripts/fetch-model.sh >&2
folder="$(env -u PAPERLSP_MODEL dotnet "$dll" model info --provider cpu | sed -n 's/^folder: //p' | head -n 1)"
if [ -z "$folder" ] || [ ! -f "$folder/model.json" ]; then
  echo "default-model: the server reports no prepared default model" >&2
  exit 1
fi
echo "$folder"
