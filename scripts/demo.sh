#!/usr/bin/env bash
# PaperLsp demo from a fresh checkout: sets up (restore, Release build with the default model, client), then indexes the embedded
# sample corpus (samples/corpus: five Hugging Face Daily Papers listings) into a temporary index, searches it for a
# sample sentence and shows the top paper with its BibTeX. Extra arguments go to `paperlsp demo`
# (e.g. --query "your sentence", --index PATH to keep the index).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The published program (ReadyToRun, scripts/setup.sh), else the build output.
if [ -x dist/paperlsp/paperlsp ]; then
  paperlsp=(dist/paperlsp/paperlsp)
else
  paperlsp=(dotnet server/PaperLsp.Cli/bin/Release/net10.0/paperlsp.dll)
fi
echo
echo "### paperlsp demo"
"${paperlsp[@]}" demo --corpus samples/corpus "$@"
