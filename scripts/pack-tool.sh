#!/usr/bin/env bash
# Packs the `paperlsp` .NET tool (framework-dependent: needs the .NET 10 runtime) with the default embedding model
# (scripts/default-model.sh) into dist/tool/PaperLsp.Cli.<version>.nupkg. Install it with
#   dotnet tool install --global PaperLsp.Cli --add-source dist/tool
# With --check, also installs it into a temporary --tool-path and runs `paperlsp --version` and `paperlsp demo` from it.
set -euo pipefail
cd "$(dirname "$0")/.."
model="$(bash scripts/default-model.sh)"
rm -rf dist/tool
dotnet pack server/PaperLsp.Cli -c Release -o dist/tool -nologo -v q
package="$(ls dist/tool/PaperLsp.Cli.*.nupkg)"
python3 -c 'import sys, zipfile; sys.exit(0 if any(n.endswith("/models/" + sys.argv[2]) for n in zipfile.ZipFile(sys.argv[1]).namelist()) else "pack-tool: " + sys.argv[1] + " lacks models/" + sys.argv[2])' "$package" "$(basename "$model")"
echo "pack-tool: $package ($(du -h "$package" | cut -f1)), default model $(basename "$model")"
if [ "${1:-}" = "--check" ]; then
  tools="$(mktemp -d)"
  trap 'rm -rf "$tools"' EXIT
  dotnet tool install PaperLsp.Cli --add-source dist/tool --tool-path "$tools" --ignore-failed-sources
  echo "### $tools/paperlsp --version"
  "$tools/paperlsp" --version
  echo "### $tools/paperlsp demo (run from /: the installed tool finds its own model and sample corpus)"
  (cd / && env -u PAPERLSP_MODEL "$tools/paperlsp" demo --index "$tools/demo-index.db")
fi
