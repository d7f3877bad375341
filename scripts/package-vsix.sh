#!/usr/bin/env bash
# Builds platform-specific VS Code extensions: dist/vsix/paperlsp-<vscode-target>.vsix for each .NET runtime identifier given
# (default: linux-x64), each bundling the published server (self-contained: no .NET needed on the user's machine)
# and the default embedding model (scripts/default-model.sh). Usage:
#   bash scripts/package-vsix.sh [linux-x64] [win-x64] [osx-arm64] ...
# PAPERLSP_PUBLISH_MODE=framework-dependent publishes paperlsp.dll instead (needs the .NET 10 runtime; smaller).
# PAPERLSP_VSIX_CUDA=1 adds the CUDA build of ONNX Runtime to linux-x64 (scripts/fetch-cuda-runtime.sh; +~320 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=(linux-x64)
mode="${PAPERLSP_PUBLISH_MODE:-self-contained}"
case "$mode" in
  self-contained) publish_mode=(--self-contained true) ;;
  framework-dependent) publish_mode=(--self-contained false -p:UseAppHost=false) ;;
  *) echo "package-vsix: PAPERLSP_PUBLISH_MODE must be self-contained or framework-dependent" >&2; exit 2 ;;
esac

client="$root/client-vscode"
[ -d "$client/node_modules" ] || npm --prefix "$client" ci --no-audit --no-fund
npm --prefix "$client" run build --silent
model="$(bash scripts/default-model.sh)"
echo "package-vsix: default model $model"

out="$root/dist/vsix"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# VS Code's platform names for .NET runtime identifiers.
vscode_target() {
  case "$1" in
    win-*) echo "win32-${1#win-}" ;;
    osx-*) echo "darwin-${1#osx-}" ;;
    linux-musl-*) echo "alpine-${1#linux-musl-}" ;;
    *) echo "$1" ;;
  esac
}
for rid in "${rids[@]}"; do
  target="$(vscode_target "$rid")"
  stage="$work/$rid"
  mkdir -p "$stage"
  cp -r "$client/package.json" "$client/README.md" "$client/LICENSE" "$client/images" "$stage/"
  mkdir -p "$stage/dist" && cp "$client/dist/extension.js" "$stage/dist/"
  # Built above already; the staged folder has no dev dependencies to build with.
  node -e 'const f=process.argv[1],m=JSON.parse(require("fs").readFileSync(f,"utf8"));delete m.scripts["vscode:prepublish"];require("fs").writeFileSync(f,JSON.stringify(m,null,2)+"\n")' "$stage/package.json"
  # The staged folder ships everything in it: the bundle, the manifest and the server.
  printf '%s\n' '**/*.pdb' '**/*.xml' > "$stage/.vscodeignore"
  echo "package-vsix: publishing the server for $rid ($mode)"
  dotnet publish server/PaperLsp.Cli -c Release -r "$rid" "${publish_mode[@]}" -o "$stage/server" \
    -p:DebugType=none -p:GenerateDocumentationFile=false -nologo -v q
  if [ ! -f "$stage/server/models/$(basename "$model")" ]; then
    echo "package-vsix: the publish for $rid did not bring the default model" >&2
    exit 1
  fi
  if [ "${PAPERLSP_VSIX_CUDA:-}" = "1" ] && [ "$rid" = "linux-x64" ]; then
    bash scripts/fetch-cuda-runtime.sh "$stage/server/onnxruntime-cuda"
  fi
  if [ ! -f "$stage/server/paperlsp" ] && [ ! -f "$stage/server/paperlsp.exe" ] && [ ! -f "$stage/server/paperlsp.dll" ]; then
    echo "package-vsix: the publish for $rid produced no paperlsp server" >&2
    exit 1
  fi
  (cd "$stage" && node "$client/node_modules/@vscode/vsce/vsce" package --target "$target" --no-dependencies \
    --allow-missing-repository --out "$out/paperlsp-$target.vsix")
  vsix="$out/paperlsp-$target.vsix"
  # The package must hold the client bundle, the server and the model, and (on this platform) the server must run.
  python3 - "$vsix" "$(basename "$model")" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = ["extension/dist/extension.js", "extension/package.json", "extension/images/icon.png", f"extension/server/models/{sys.argv[2]}"]
servers = {"extension/server/paperlsp", "extension/server/paperlsp.exe", "extension/server/paperlsp.dll"}
missing = [n for n in need if n not in names] + ([] if servers & names else ["extension/server/paperlsp[.exe|.dll]"])
if missing:
    sys.exit(f"package-vsix: {sys.argv[1]} lacks {', '.join(missing)}")
PY
  if [ "$rid" = "linux-x64" ] && [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] && [ -x "$stage/server/paperlsp" ]; then
    echo "package-vsix: bundled server: $("$stage/server/paperlsp" --version)"
  fi
  echo "package-vsix: $vsix ($(du -h "$vsix" | cut -f1))"
done
