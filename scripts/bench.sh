#!/usr/bin/env bash
# Builds Release and runs PaperLsp's benchmarks (never part of tests/CI).
#
#   bash scripts/bench.sh [--corpus PATH] [--index DB] [--no-copy] [--synthetic N] [--tex FILE.tex] [--model NAME|DIR]
#                         [--quick] [--skip-vectors] [--skip-lexical] [--skip-features] [--synthetic-vectors LEAVE]
#                         [--typing-runs N]
#
#   --corpus PATH    corpus to index (default: ../shared/corpus/papers-237k.jsonl.gz plus samples/corpus)
#   --index DB       use an existing index instead of indexing (it is copied first with sqlite3 .backup; never written)
#   --no-copy        with --index: use that file itself (the postings file is written beside it, and
#                    --synthetic-vectors writes vectors into it): for a copy of your own, saves the 1 GB copy
#   --synthetic N    also generate an N-paper synthetic corpus (recombined real records), index it, search it, delete it
#   --tex FILE.tex   LaTeX paper for the end-to-end typing session (default: a paper from ../shared/latex)
#   --model NAME|DIR embedding model (arctic-embed-xs, minilm or a model folder) passed to the server as modelPath
#   --quick          small run: seed corpus only, 3 sentences, 20k-row vector benchmark
#   --skip-vectors   leave out the vector top-10 benchmark
#   --skip-lexical   leave out the lexical engines benchmark
#   --skip-features  leave out the in-process feature latencies
#   --synthetic-vectors LEAVE  memory/latency only: give every paper of the index SYNTHETIC random unit vectors
#                    under the model's id except LEAVE papers, run the typing session while the server embeds those
#                    for real in the background (where every paper has a vector already, the last LEAVE lose theirs
#                    first), then give them synthetic vectors too and run it again (no embedding)
#   --longline-baseline DLL  also run the long-line session against another build of the server (e.g. the previous
#                    commit's paperlsp.dll) first, and print the ratios
#   --typing-runs N  run the typing session (the one without background embedding) N times and pool the runs'
#                    requests (bench `pool`): a run's p99 of 48 key characters is its slowest one; pooled it is a
#                    percentile again (each run's p99 is printed too). With PAPERLSP_SLOW_REQUEST_MS=0 in the
#                    environment the server logs every answer and the pool splits each request into send, server, client
#   --lucene         also compare our BM25 postings with Lucene.Net 4.8 on the index (bench only; adds minutes at 237k:
#                    builds both, fresh-process open/latency/RSS warm and cold, eval hit@1/hit@10/MRR@10, ratio table)
#
# Prints: index time (parse+store), papers/s, peak RSS of the indexer, index size; lexical search percentiles;
# vector top-10 float32/int8/plain-loop ratios; in-process completion/hover latency with retrieval phases (FTS5 vs the
# postings, query embedding, key lookups) and the sign-bit recall of related papers; start-up of the server on the
# index cold (index files and model evicted from the OS page cache first) and warm (run again): time to index-backed
# results and to the first non-empty completion; the LSP typing session(s) (p50/p90/p99/max per method,
# cancellations, server peak RSS split into anonymous / file-backed / shared memory); typing into a 2.2 MB one-line
# document (per-keystroke and completion p50/p90/p99/max); then a summary of all of these. The sessions run the server
# published for this platform (self-contained, ReadyToRun: what the .vsix ships); warm start-up is also measured with
# the build output (`dotnet paperlsp.dll`, JIT) and the ratio printed. Start-up lines give the server's CPU time too.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${PAPERLSP_SHARED:-$repo/../shared}"
corpus=""
index=""
synthetic=0
tex=""
model=""
quick=0
vectors=1
lexical=1
features=1
copy=1
synthetic_vectors=""
longline_baseline=""
lucene=0
typing_runs=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --corpus) corpus="$2"; shift 2 ;;
    --index) index="$2"; shift 2 ;;
    --synthetic) synthetic="$2"; shift 2 ;;
    --tex) tex="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --skip-vectors) vectors=0; shift ;;
    --skip-lexical) lexical=0; shift ;;
    --skip-features) features=0; shift ;;
    --no-copy) copy=0; shift ;;
    --synthetic-vectors) synthetic_vectors="$2"; shift 2 ;;
    --typing-runs) typing_runs="$2"; shift 2 ;;
    --longline-baseline) longline_baseline="$2"; shift 2 ;;
    --lucene) lucene=1; shift ;;
    -h|--help) sed -n '2,34p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done


work="$(mktemp -d "${TMPDIR:-/tmp}/paperlsp-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -sr)"
echo "== building Release"
dotnet build "$repo/server/PaperLsp.Cli" -c Release -nologo -v q
dotnet build "$repo/bench/PaperLsp.Benchmarks" -c Release -nologo -v q
cli="$repo/server/PaperLsp.Cli/bin/Release/net10.0/paperlsp.dll"
bench="$repo/bench/PaperLsp.Benchmarks/bin/Release/net10.0/PaperLsp.Benchmarks.dll"
# The sessions run the server as users get it: published for this platform (self-contained, ReadyToRun, as the .vsix
# ships it); the build output (`dotnet paperlsp.dll`, JIT-compiled at start) is the previous design start-up compares to.
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) host_rid=linux-x64 ;;
  Linux-aarch64) host_rid=linux-arm64 ;;
  Darwin-arm64) host_rid=osx-arm64 ;;
  *) host_rid="" ;;
esac
server="$cli"
if [[ -n "$host_rid" ]]; then
  echo "== publishing the server for $host_rid (self-contained, ReadyToRun)"
  dotnet publish "$repo/server/PaperLsp.Cli" -c Release -r "$host_rid" --self-contained true -o "$work/server" \
    -p:DebugType=none -p:GenerateDocumentationFile=false -nologo -v q
  server="$work/server/paperlsp"
fi

# Runs `paperlsp --index DB index PATHS...` under /usr/bin/time -v (or /proc polling without it) and prints the figures.
index_corpus() {
  local db="$1"; shift
  local log="$work/index-$(basename "$db").log"
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v dotnet "$cli" --index "$db" index --quiet "$@" >"$log" 2>&1
  else
    dotnet "$cli" --index "$db" index --quiet "$@" >"$log" 2>&1
  fi
  grep -E "records read|problem" "$log" | head -5 || true
  local wall rss records
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")"
  rss="$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")"
  records="$(grep -oE '[0-9,]+ records read' "$log" | head -1 | grep -oE '^[0-9,]+' | tr -d ,)"
  sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null 2>&1 || true
  local seconds
  seconds="$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')"
  echo "index: $records records in ${seconds:-?} s wall = $(awk -v r="${records:-0}" -v s="${seconds:-0}" 'BEGIN { if (s>0) printf "%.0f", r/s; else print "?" }') records/s; indexer peak RSS ${rss:-?} MiB; index size $(du -m "$db" | cut -f1) MiB"
  grep -E "User time|System time|Percent of CPU" "$log" | sed 's/^\s*/  /' || true
}

db="$work/index.db"
summary_index="not measured (existing index)"
summary_vectors=""
if [[ -n "$index" && $copy -eq 0 ]]; then
  db="$(cd "$(dirname "$index")" && pwd)/$(basename "$index")"
  echo "== using $db in place (--no-copy)"
elif [[ -n "$index" ]]; then
  echo "== snapshot of $index (sqlite3 .backup; the original is only read)"
  sqlite3 -readonly "$index" ".backup '$db'"
else
  if [[ -z "$corpus" ]]; then
    if [[ $quick -eq 1 || ! -f "$shared/corpus/papers-237k.jsonl.gz" ]]; then
      corpus="$repo/samples/corpus"
    else
      corpus="$shared/corpus/papers-237k.jsonl.gz $repo/samples/corpus"
    fi
  fi
  echo "== indexing $corpus"
  # shellcheck disable=SC2086
  index_corpus "$db" $corpus | tee "$work/index.out"
  summary_index="$(grep -E '^index:' "$work/index.out" | head -1)"
fi

if [[ $lexical -eq 1 ]]; then
  echo "== lexical search"
  dotnet "$bench" lexical --index "$db"
fi

if [[ $lucene -eq 1 ]]; then
  echo "== lexical engines: our postings file vs Lucene.Net 4.8 (issue 15)"
  dotnet "$bench" lucene --index "$db" --work "$work/lucene"
fi

if [[ $vectors -eq 1 ]]; then
  echo "== vector top-10 (float32 all cores / one core, int8 + re-score, plain loop)"
  if [[ $quick -eq 1 ]]; then
    dotnet "$bench" vectors 20000 512 20
  else
    dotnet "$bench" vectors 237216 512 40
    if [[ "$synthetic" -ge 1000000 ]]; then dotnet "$bench" vectors "$synthetic" 512 20; fi
  fi
fi

if [[ $features -eq 1 && -d "$shared/latex" ]]; then
  echo "== editor features in-process (completion while typing keys, hover, resolve; retrieval phases)"
  features_args=(features --index "$db")
  [[ -n "$model" ]] && features_args+=(--model "$model")
  dotnet "$bench" "${features_args[@]}"
fi

e2e_args=(e2e --index "$db" --server "$server")
[[ -n "$tex" ]] && e2e_args+=(--tex "$tex")
[[ -n "$model" ]] && e2e_args+=(--model "$model")
[[ $quick -eq 1 ]] && e2e_args+=(--sentences 3 --warm-timeout-s 20)
model_args=()
[[ -n "$model" ]] && model_args+=(--model "$model")

# Drops the index's files (and the model's) from the OS page cache, so that the next server start reads them from disk.
evict() {
  local f
  for f in "$db" "$db-wal" "$db.lexical" "$@"; do
    [[ -f "$f" ]] || continue
    sync "$f" 2>/dev/null || true
    dd if="$f" iflag=nocache count=0 status=none || true
    if command -v fincore >/dev/null; then
      echo "  evicted $(basename "$f"): $(fincore -b -n -o RES "$f" | awk '{printf "%.1f MiB", $1/1048576}') of $(du -m "$f" | cut -f1) MiB still cached"
    fi
  done
}

# Server start-up on the index: cold (after evict), then warm (the same again, files now cached).
startup() {
  local model_dll
  model_dll="$(ls "$(dirname "$cli")"/models/*.dll 2>/dev/null | head -1 || true)"
  echo "== server start-up, COLD: index files and the model evicted from the OS page cache"
  evict $model_dll
  dotnet "$bench" "${e2e_args[@]}" --start-only --warm-timeout-s 120 | tee "$work/start-cold.out"  || echo "(start-up run failed)"
  echo "== server start-up, WARM: the same again (files cached now)"
  dotnet "$bench" "${e2e_args[@]}" --start-only --warm-timeout-s 120 | tee "$work/start-warm.out"  || echo "(start-up run failed)"
  if [[ "$server" != "$cli" ]]; then
    echo "== server start-up, WARM, previous design: the build output run with dotnet (JIT-compiled at start), then the published one again"
    local jit_args=(e2e --index "$db" --server "$cli")
    [[ -n "$tex" ]] && jit_args+=(--tex "$tex")
    [[ -n "$model" ]] && jit_args+=(--model "$model")
    dotnet "$bench" "${jit_args[@]}" --start-only --warm-timeout-s 120 | tee "$work/start-warm-jit.out"  || echo "(start-up run failed)"
    dotnet "$bench" "${e2e_args[@]}" --start-only --warm-timeout-s 120 | tee "$work/start-warm-2.out"  || echo "(start-up run failed)"
  fi
}

# The typing session without background embedding, --typing-runs times (e2e.out is the first run's); with more than one
# run, the runs' request files pooled (e2e-pool.out).
typing_sessions() {
  local run files=()
  for run in $(seq 1 "$typing_runs"); do
    [[ "$typing_runs" -gt 1 ]] && echo "-- typing session $run of $typing_runs"
    dotnet "$bench" "${e2e_args[@]}" --requests "$work/e2e-$run.tsv" | tee "$work/e2e-$run.out"
    files+=("$work/e2e-$run.tsv")
  done
  cp "$work/e2e-1.out" "$work/e2e.out"
  if [[ "$typing_runs" -gt 1 ]]; then
    echo "== the $typing_runs typing sessions pooled"
    dotnet "$bench" pool "${files[@]}" | tee "$work/e2e-pool.out"
  fi
}

if [[ -n "$synthetic_vectors" ]]; then
  echo "== SYNTHETIC vectors (random unit vectors; for memory and latency only, rankings meaningless)"
  dotnet "$bench" synthetic-vectors --index "$db" --leave "$synthetic_vectors" "${model_args[@]}"
  echo "== end-to-end LSP typing session WHILE the server embeds $synthetic_vectors papers in the background"
  dotnet "$bench" "${e2e_args[@]}" --warm-timeout-s 25 | tee "$work/e2e-embedding.out"
  dotnet "$bench" synthetic-vectors --index "$db" --leave 0 "${model_args[@]}"
  sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null 2>&1 || true
  summary_vectors="index file with a vector for every paper (synthetic, as stored): $(wc -c < "$db" | tr -d ' ') bytes (issue 15: < 1,000,000,000)"
  echo "$summary_vectors"
  echo "== end-to-end LSP typing session, every paper embedded (synthetic), postings file already written"
  typing_sessions
else
  echo "== end-to-end LSP typing session"
  typing_sessions
fi
# After a session, so that the files written once per index content (postings, vectors) are there, as for a user.
startup

echo "== long line: a 2.2 MB one-line LaTeX document typed into over stdio (small index: document handling, not the catalog)"
dotnet "$cli" --index "$work/small.db" index --quiet "$repo/samples/corpus" >/dev/null
longline_args=(longline --index "$work/small.db" --server "$server")
[[ -n "$tex" ]] && longline_args+=(--tex "$tex")
[[ -n "$longline_baseline" ]] && longline_args+=(--baseline-server "$longline_baseline")
[[ $quick -eq 1 ]] && longline_args+=(--sentences 2)
dotnet "$bench" "${longline_args[@]}" | tee "$work/longline.out"

summary_synthetic=""
if [[ "$synthetic" -gt 0 ]]; then
  echo "== synthetic corpus: $synthetic papers"
  dotnet "$bench" synth --count "$synthetic" --out "$work/synthetic.jsonl.gz"
  [[ $copy -eq 1 || -z "$index" ]] && rm -f "$work/index.db" "$work/index.db-wal" "$work/index.db-shm" "$work/index.db.lexical"
  index_corpus "$work/synthetic.db" "$work/synthetic.jsonl.gz" | tee "$work/index-synthetic.out"
  dotnet "$bench" lexical --index "$work/synthetic.db"
  echo "== end-to-end LSP typing session on the synthetic index"
  dotnet "$bench" e2e --index "$work/synthetic.db" --server "$server" --sentences 6 --warm-timeout-s 300 | tee "$work/e2e-synthetic.out"
  summary_synthetic="$(grep -E '^index:' "$work/index-synthetic.out" | head -1)"
fi

# One line per figure of issue 15, read back from the outputs above.
session_summary() {
  local name="$1" out="$2"
  [[ -f "$out" ]] || return 0
  echo "$name:"
  awk '$1 ~ /^(textDocument\/completion|textDocument\/hover|textDocument\/codeAction|workspace\/symbol)$/ { printf "  %-24s n %5s  p50 %7s  p90 %7s  p99 %7s  max %7s ms\n", $1, $2, $6, $7, $8, $9 }' "$out"
  # the same requests timed to the client's read of the response (server + pipe, without the benchmark client's own time)
  awk '$1 ~ /^(textDocument\/completion|textDocument\/hover|textDocument\/codeAction),$/ && $2 == "read" { printf "  %-24s n %5s  p50 %7s  p90 %7s  p99 %7s  max %7s ms\n", $1 " read", $3, $7, $8, $9, $10 }' "$out"
  awk '$1 == "completion" && $3 == "key" && $4 == "char" { printf "  %-24s n %5s  p50 %7s  p90 %7s  p99 %7s  max %7s ms\n", "completion per key char", $5, $9, $10, $11, $12 }' "$out"
  awk '$1 == "completion" && $3 == "key" && $4 == "char," && $5 == "read" { printf "  %-24s n %5s  p50 %7s  p90 %7s  p99 %7s  max %7s ms\n", "per key char, read", $6, $10, $11, $12, $13 }' "$out"
  grep -E '^server peak RSS|^server memory at the largest' "$out" | sed 's/^/  /'
}
echo
echo "== SUMMARY (issue 15) — machine: $(nproc) cores, load now $(cut -d' ' -f1-3 /proc/loadavg)"
echo "index: $summary_index; size $(du -m "$db" 2>/dev/null | cut -f1) MiB (+ postings file $(du -m "$db.lexical" 2>/dev/null | cut -f1) MiB)"
[[ -n "$summary_vectors" ]] && echo "$summary_vectors"
[[ -n "$summary_synthetic" ]] && echo "synthetic $synthetic: $summary_synthetic"
for kind in cold warm warm-2 warm-jit; do
  [[ -f "$work/start-$kind.out" ]] && echo "start-up $kind: $(grep -E '^start-up summary' "$work/start-$kind.out" | sed 's/^start-up summary: //')"
done
# Published (ReadyToRun) vs build output (JIT), warm: the mean of the two published runs against the JIT run.
startup_ms() { grep -E '^start-up summary' "$1" 2>/dev/null | grep -oE "$2 [0-9]+ ms" | grep -oE '[0-9]+' | head -1; }
if [[ -f "$work/start-warm-jit.out" ]]; then
  for figure in "index-backed" "initialize" "at index-backed"; do
    a="$(startup_ms "$work/start-warm.out" "$figure")"; b="$(startup_ms "$work/start-warm-2.out" "$figure")"; j="$(startup_ms "$work/start-warm-jit.out" "$figure")"
    [[ -n "$a" && -n "$b" && -n "$j" ]] && awk -v a="$a" -v b="$b" -v j="$j" -v f="$figure" 'BEGIN { m=(a+b)/2; printf "start-up warm, %s%s: published (ReadyToRun) %.0f ms vs build output (JIT) %.0f ms = %.2fx\n", (f=="at index-backed" ? "server CPU time " : ""), f, m, j, (j>0 ? m/j : 0) }'
  done
fi
session_summary "typing session WHILE embedding $synthetic_vectors papers" "$work/e2e-embedding.out"
session_summary "typing session (no background embedding)$([[ "$typing_runs" -gt 1 ]] && echo ", the first of $typing_runs")" "$work/e2e.out"
if [[ -f "$work/e2e-pool.out" ]]; then
  echo "typing sessions (no background embedding), $typing_runs runs pooled:"
  sed -n '/^  kind /,$p' "$work/e2e-pool.out" | sed 's/^/  /'
fi
session_summary "typing session on the synthetic index" "$work/e2e-synthetic.out"
if [[ -f "$work/longline.out" ]]; then
  echo "2.2 MB one-line document:"
  sed -n '/^== long line summary/,$p' "$work/longline.out" | tail -n +2 | sed 's/^/  /'
fi
echo "== done (temporary files in $work are removed)"
