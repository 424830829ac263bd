#!/usr/bin/env bash
# Benchmark of files in and out: `citypulse import` and `citypulse export` rates (rows/s), wall
# time and peak heap for a 1,000,000-row CSV and a 100,000-row XLSX.
#
# Usage:
#   ./mvnw -B -q -o package -pl citypulse-app -am -DskipTests -Dspotless.check.skip=true   # once
#   scripts/bench-files.sh [WORK_DIR]          # default WORK_DIR: a new directory under /tmp
#
# It packages nothing: it runs citypulse-app/target/citypulse.jar (or $JAR).
#
# Steps:
#   1. inputs from `citypulse sample-weather` (seed 42, 5 locations of the `brief` preset, one
#      observation every 36 s): 2,000 h -> 1,000,000 rows as CSV (140 MB); 200 h -> 100,000 rows
#      as XLSX (7 MB). Same arguments, same observations.
#   2. a broker: `citypulse run --no-bikes --weather-sources generator --weather-interval 24h
#      --weather-locations Paris --no-dashboard --set pipeline.part=ingest` on $KAFKA_PORT, with
#      its state in WORK_DIR/state. pipeline.part=ingest keeps Spark out of the process (the jobs
#      would run in a submitted application); the generator publishes one observation a day to
#      topic-weather, which the benchmark does not read. (`--weather-sources none` with
#      pipeline.part=ingest does not start: its status stage then needs nothing that provides
#      the broker's address.)
#   3. for each file: `import FILE --topic bench-<case>-<heap>` then `export --topic ... --out`,
#      each in its own JVM (the default collector, G1 here) capped with -Xmx. A list of heaps is
#      tried from the smallest: the first one with which the command succeeds is the figure
#      reported (the failed attempts are listed). Each attempt imports into a fresh topic with
#      a fresh import ledger (else it would resume after an earlier attempt's committed rows).
#   4. a Markdown table: rows, -Xmx, wall time (JVM start to exit), rows/s on that wall time, the
#      command's own time (its summary line, without the JVM start), peak heap used (the largest
#      "used" in the GC log: before each collection and at exit, -Xlog:gc,gc+heap+exit) and max
#      RSS (/usr/bin/time). `uptime` before each run shows how busy the machine was.
#
# Raw output (GC logs, stdout/stderr of every command, results.md) stays in WORK_DIR.
#
# Environment: JAR, KAFKA_PORT (default 19192), CSV_HEAPS (default "256m"; "64m 80m 96m 128m"
# finds the smallest), XLSX_HEAPS (default
# "32m 40m 48m 64m 128m 256m"), EXPORT_HEAPS_CSV / EXPORT_HEAPS_XLSX (default: as for import),
# KEEP_INPUTS=1 to reuse inputs already in WORK_DIR.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${JAR:-$repo/citypulse-app/target/citypulse.jar}"
KAFKA_PORT="${KAFKA_PORT:-19192}"
CSV_HEAPS="${CSV_HEAPS:-256m}"
XLSX_HEAPS="${XLSX_HEAPS:-32m 40m 48m 64m 128m 256m}"
EXPORT_HEAPS_CSV="${EXPORT_HEAPS_CSV:-$CSV_HEAPS}"
EXPORT_HEAPS_XLSX="${EXPORT_HEAPS_XLSX:-$XLSX_HEAPS}"
work="${1:-$(mktemp -d /tmp/citypulse-bench-files.XXXXXX)}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
servers="127.0.0.1:$KAFKA_PORT"
results="$work/results.md"
stamp="$(date +%s)"

[[ -f "$JAR" ]] || { echo "no $JAR: build it first (see the top of $0)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (GNU time)" >&2; exit 2; }

log() { printf '%s\n' "$*" | tee -a "$work/bench.log" >&2; }

broker_pid=""
stop_broker() {
  if [[ -n "$broker_pid" ]] && kill -0 "$broker_pid" 2>/dev/null; then
    kill "$broker_pid" 2>/dev/null || true
    wait "$broker_pid" 2>/dev/null || true
  fi
}
trap stop_broker EXIT

log "# bench-files $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname), $(nproc) cores"
log "java: $(java -version 2>&1 | head -1); jar: $JAR ($(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'))"
log "uptime at start: $(uptime)"

# 1. Inputs
generate() { # FILE HOURS
  if [[ "${KEEP_INPUTS:-}" == 1 && -s "$work/$1" ]]; then return; fi
  java -jar "$JAR" sample-weather --locations brief --hours "$2" --interval 36s \
    --out "$work/$1" >>"$work/bench.log" 2>&1
}
generate w1m.csv 2000
generate w100k.xlsx 200
log "inputs: $(ls -l "$work/w1m.csv" | awk '{print $5}') bytes w1m.csv, $(ls -l "$work/w100k.xlsx" | awk '{print $5}') bytes w100k.xlsx"

# 2. Broker
java -jar "$JAR" run --no-bikes --weather-sources generator --weather-interval 24h \
  --weather-locations Paris --no-dashboard --state-dir "$work/state" --kafka-port "$KAFKA_PORT" \
  --set pipeline.part=ingest >"$work/broker.log" 2>&1 &
broker_pid=$!
for _ in $(seq 1 120); do
  if grep -q "Created topic topic-weather" "$work/broker.log" 2>/dev/null; then break; fi
  kill -0 "$broker_pid" 2>/dev/null || { cat "$work/broker.log" >&2; exit 1; }
  sleep 0.5
done
log "broker on $servers (pid $broker_pid)"

# Peak heap used (MB) from a GC log: the largest "before" of "A->B(C)" lines and the "used" at exit.
peak_heap() {
  python3 - "$1" <<'EOF'
import re, sys
unit = {"K": 1 / 1024, "M": 1, "G": 1024, "B": 1 / 1048576}
peak = 0.0
for line in open(sys.argv[1]):
    m = re.search(r"(\d+)([KMGB])->\d+[KMGB]\(\d+[KMGB]\)", line)
    if m:
        peak = max(peak, int(m.group(1)) * unit[m.group(2)])
    m = re.search(r"heap\s+total \d+K, used (\d+)K", line)  # G1 at exit
    if m:
        peak = max(peak, int(m.group(1)) / 1024)
print(round(peak))
EOF
}

# run NAME HEAP -- ARGS...: one citypulse command in its own JVM; prints "wall rss_mb peak_mb own_s"
run_case() {
  local name="$1" heap="$2"; shift 3
  local base="$work/$name-$heap"
  echo "uptime: $(uptime)" >"$base.load"
  local t0 t1 status=0
  t0=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$base.rss" java "-Xmx$heap" "-Xlog:gc,gc+heap+exit:file=$base.gc.log" \
    -jar "$JAR" "$@" >"$base.out" 2>"$base.err" || status=$?
  t1=$(date +%s.%N)
  local wall rss peak own
  wall=$(python3 -c "print(f'{$t1 - $t0:.1f}')")
  rss=$(( $(tail -1 "$base.rss") / 1024 ))
  peak=$(peak_heap "$base.gc.log")
  own=$(grep -ohE ' in [0-9.]+ s' "$base.out" "$base.err" | tail -1 | grep -oE '[0-9.]+' || echo "?")
  echo "$status $wall $rss $peak $own"
}

rows_line=()
# bench CASE FILE ROWS IMPORT_HEAPS EXPORT_HEAPS OUT_EXT
bench() {
  local case="$1" file="$2" rows="$3" iheaps="$4" eheaps="$5" ext="$6"
  local topic="" heap r failed=""
  for heap in $iheaps; do
    topic="bench-$case-$heap-$stamp"
    # A ledger of its own: the ledger knows a file by its content, not by the topic, so a second
    # attempt would resume after the rows an earlier (failed) attempt committed to its topic.
    printf 'topics.import-ledger.name = "ledger-%s"\n' "$topic" >"$work/$topic.conf"
    r=$(run_case "import-$case" "$heap" -- import "$work/$file" --bootstrap-servers "$servers" \
      --topic "$topic" --config "$work/$topic.conf" --source bench --force --quiet)
    read -r status wall rss peak own <<<"$r"
    log "import $file -Xmx$heap: exit $status, wall $wall s, own $own s, peak heap $peak MB, RSS $rss MB ($(cut -d, -f3- "$work/import-$case-$heap.load" | sed 's/^ *//'))"
    if [[ "$status" == 0 ]]; then
      rows_line+=("| import $file | $rows | $heap | $wall | $(python3 -c "print(f'{$rows / $wall:,.0f}')") | $own | $peak | $rss | $(sed 's/.*load average: //' "$work/import-$case-$heap.load") |${failed:+ failed with $failed}")
      break
    fi
    log "  why: $(grep -m1 -E 'OutOfMemoryError|citypulse: ' "$work/import-$case-$heap.err" || tail -1 "$work/import-$case-$heap.err")"
    failed="${failed:+$failed, }-Xmx$heap"
    topic=""
  done
  [[ -n "$topic" ]] || { log "import $file failed with every heap"; return; }
  failed=""
  for heap in $eheaps; do
    r=$(run_case "export-$case" "$heap" -- export --topic "$topic" --kind weather \
      --out "$work/out-$case.$ext" --bootstrap-servers "$servers" --quiet)
    read -r status wall rss peak own <<<"$r"
    log "export $topic -> out-$case.$ext -Xmx$heap: exit $status, wall $wall s, own $own s, peak heap $peak MB, RSS $rss MB"
    if [[ "$status" == 0 ]]; then
      rows_line+=("| export to .$ext | $rows | $heap | $wall | $(python3 -c "print(f'{$rows / $wall:,.0f}')") | $own | $peak | $rss | $(sed 's/.*load average: //' "$work/export-$case-$heap.load") |${failed:+ failed with $failed}")
      break
    fi
    log "  why: $(grep -m1 -E 'OutOfMemoryError|citypulse: ' "$work/export-$case-$heap.err" || tail -1 "$work/export-$case-$heap.err")"
    failed="${failed:+$failed, }-Xmx$heap"
  done
}

bench csv w1m.csv 1000000 "$CSV_HEAPS" "$EXPORT_HEAPS_CSV" csv
bench xlsx w100k.xlsx 100000 "$XLSX_HEAPS" "$EXPORT_HEAPS_XLSX" xlsx

{
  echo "Files in and out, $(date -u +%Y-%m-%d), $(nproc) cores; load at the end: $(uptime | sed 's/.*load average: //')"
  echo
  echo "| Run | Rows | -Xmx | Wall (s) | Rows/s (wall) | Command's own time (s) | Peak heap used (MB) | Max RSS (MB) | Load (1, 5, 15 min) before | |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows_line[@]}"
} | tee "$results"
log "raw output in $work"
