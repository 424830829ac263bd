#!/usr/bin/env bash
# Acceptance check of the Vélib' pipeline at full size, with the packaged jar:
#   serves Vélib'-format feed files over HTTP on 127.0.0.1, runs
#   `citypulse run --stations all --postcodes TABLE`, and checks that every per-postcode total on
#   velib-projet-final-data equals the sum computed independently (in Python) from the files.
# Prints: time from launch to first aggregate and to full agreement, then (generated feed) the time
# for a changed feed to be fully reflected, records/s and the peak RSS of the run process.
#
# Usage: scripts/velib-acceptance.sh [FEED_DIR]
#   FEED_DIR holds station_status.json, station_information.json (Vélib' dialect) and
#   stations_information.csv (stationCode,station_id,postcode,city). Without it, a 1,500-station
#   network is generated with `citypulse sample-feed`, and moved on once for a second check.
# Needs: java 17+, python3, a built jar (./mvnw -q package -DskipTests).
# Env: CITYPULSE_JAR (jar path), TIMEOUT_S (per check, default 180), KEEP_WORK=1 (keep logs),
#   GEOCODER=off (default: --no-geocoder) or unreachable (geocoder on, pointed at a closed port on
#   127.0.0.1: stations the table does not place wait postcodes.pending-timeout, then go to UNKNOWN),
#   PENDING_TIMEOUT (postcodes.pending-timeout with GEOCODER=unreachable; default: citypulse's own),
#   COURSE_GAPS=1 (generated feed only: the table loses 84 rows and 2 rows get an empty postcode,
#   as the course's own stations_information.csv has).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${CITYPULSE_JAR:-$ROOT/citypulse-app/target/citypulse.jar}
TIMEOUT_S=${TIMEOUT_S:-180}
[ -f "$JAR" ] || { echo "no $JAR: build it with ./mvnw -q package -DskipTests" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed for the independent sums" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/citypulse-acceptance.XXXXXX")
cleanup() {
  if [ -n "${RUN_PID:-}" ]; then kill "$RUN_PID" 2>/dev/null && wait "$RUN_PID" 2>/dev/null || true; fi
  if [ -n "${HTTP_PID:-}" ]; then kill "$HTTP_PID" 2>/dev/null || true; fi
  if [ -n "${KEEP_WORK:-}" ]; then echo "logs and files kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

FEED=$WORK/feed
GENERATED=yes
if [ $# -ge 1 ]; then
  GENERATED=no
  mkdir -p "$FEED"
  cp "$1"/station_status.json "$1"/station_information.json "$1"/stations_information.csv "$FEED"/
else
  java -jar "$JAR" sample-feed --format velib --stations 1500 --minutes 30 --out "$FEED" >/dev/null
  if [ -n "${COURSE_GAPS:-}" ]; then
    # Rows 2..85 dropped, the next two emptied: header and the rest kept as they are.
    awk -F, 'BEGIN { OFS = "," } NR == 1 || NR > 87 { print; next } NR > 85 { $3 = ""; print }' \
      "$FEED/stations_information.csv" > "$FEED/.table" && mv "$FEED/.table" "$FEED/stations_information.csv"
  fi
fi

cat > "$WORK/expected.py" <<'PY'
# Per-postcode totals straight from the files: bike types by key, postcode from the CSV table.
import csv, json, sys, collections
d = sys.argv[1]
# A row without a postcode (empty, NULL, N/A...) places no station, as in citypulse: the course's
# file has two; with --no-geocoder those stations count under UNKNOWN.
NO_VALUE = {"", "null", "none", "nil", "nan", "na", "n/a", "#n/a", "-", "?"}
postcode = {row["stationCode"].strip(): row["postcode"].strip()
            for row in csv.DictReader(open(f"{d}/stations_information.csv", encoding="utf-8-sig"))
            if row["postcode"].strip().lower() not in NO_VALUE}
info = json.load(open(f"{d}/station_information.json", encoding="utf-8"))["data"]["stations"]
capacity = {s["station_id"]: s.get("capacity") or 0 for s in info}
totals = collections.defaultdict(collections.Counter)
for s in json.load(open(f"{d}/station_status.json", encoding="utf-8"))["data"]["stations"]:
    t = totals[postcode.get(str(s["stationCode"]), "UNKNOWN")]
    types = {k: v for entry in s.get("num_bikes_available_types") or [] for k, v in entry.items()}
    t["stations"] += 1
    t["bikes_available"] += s["num_bikes_available"]
    t["mechanical"] += types.get("mechanical", 0)
    t["ebike"] += types.get("ebike", 0)
    t["docks_available"] += s["num_docks_available"]
    t["capacity"] += capacity.get(s["station_id"], 0)
json.dump({p: dict(t) for p, t in totals.items()}, sys.stdout, sort_keys=True)
PY
cat > "$WORK/compare.py" <<'PY'
# "equal" when the latest aggregate of every postcode equals the expected totals.
import json, sys
expected = json.load(open(sys.argv[1]))
latest = {}
for line in open(sys.argv[2]):
    r = json.loads(line)
    latest[r["key"]] = r["value"]
fields = ["stations", "bikes_available", "mechanical", "ebike", "docks_available", "capacity"]
actual = {p: {f: v[f] for f in fields} for p, v in latest.items() if v and v["stations"] > 0}
want = {p: {f: t.get(f, 0) for f in fields} for p, t in expected.items()}
wrong = sorted(p for p in set(actual) | set(want) if actual.get(p) != want.get(p))
print("equal" if not wrong else f"differ in {len(wrong)} of {len(want)} postcodes, e.g. {wrong[:5]}")
PY

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ns() { date +%s%N; }
HTTP_PORT=$(free_port)
KAFKA_PORT=$(free_port)
(cd "$FEED" && exec python3 -m http.server "$HTTP_PORT" --bind 127.0.0.1 >/dev/null 2>&1) &
HTTP_PID=$!
until python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$HTTP_PORT/station_status.json')" 2>/dev/null; do
  sleep 0.2
done
python3 "$WORK/expected.py" "$FEED" > "$WORK/expected.json"

GEOCODER_ARGS=(--no-geocoder)
if [ "${GEOCODER:-off}" = unreachable ]; then
  # A port nothing listens on: every geocoder request is refused at once, as offline.
  GEOCODER_ARGS=(--set "postcodes.geocoder.url=http://127.0.0.1:$(free_port)")
  if [ -n "${PENDING_TIMEOUT:-}" ]; then GEOCODER_ARGS+=(--set "postcodes.pending-timeout=$PENDING_TIMEOUT"); fi
fi

START_NS=$(now_ns)
java -jar "$JAR" run --no-weather --gbfs "http://127.0.0.1:$HTTP_PORT/station_status.json" --stations all \
  --postcodes "$FEED/stations_information.csv" "${GEOCODER_ARGS[@]}" --state-dir "$WORK/state" \
  --kafka-port "$KAFKA_PORT" --set status.interval=2s --set gbfs.min-interval=1s --set gbfs.max-interval=5s > "$WORK/run.log" 2>&1 &
RUN_PID=$!

tail_topic() {
  java -jar "$JAR" tail "$1" --from-beginning --with-metadata --timeout 2s \
    --bootstrap-servers "127.0.0.1:$KAFKA_PORT" 2>/dev/null || true
}

# Sets VERDICT and DONE_NS (when agreement was seen).
await_agreement() {
  VERDICT=timeout
  local deadline=$(( $(date +%s) + TIMEOUT_S ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if ! kill -0 "$RUN_PID" 2>/dev/null; then
      echo "citypulse run exited early:" >&2; tail -30 "$WORK/run.log" >&2; exit 1
    fi
    tail_topic velib-projet-final-data > "$WORK/output.jsonl"
    DONE_NS=$(now_ns)
    VERDICT=$(python3 "$WORK/compare.py" "$WORK/expected.json" "$WORK/output.jsonl")
    [ "$VERDICT" = equal ] && return 0
    sleep 0.5
  done
}

await_agreement
COLD_VERDICT=$VERDICT
COLD_DONE_NS=$DONE_NS
tail_topic velib-projet > "$WORK/input-cold.jsonl"

WARM_ARGS=()
if [ "$GENERATED" = yes ] && [ "$COLD_VERDICT" = equal ]; then
  # The network moves on an hour: a new station_status replaces the old one atomically.
  java -jar "$JAR" sample-feed --format velib --stations 1500 --minutes 90 --out "$WORK/later" >/dev/null
  cp "$WORK/later/station_status.json" "$FEED/.next.json"
  mv "$FEED/.next.json" "$FEED/station_status.json"
  CHANGE_NS=$(now_ns)
  python3 "$WORK/expected.py" "$FEED" > "$WORK/expected.json"
  await_agreement
  tail_topic velib-projet > "$WORK/input-all.jsonl"
  WARM_ARGS=("$CHANGE_NS" "$DONE_NS" "$VERDICT")
fi
# `run` relaunches itself in a child JVM with a bounded heap: count the launcher and its children.
RSS_KB=0
for pid in "$RUN_PID" $(pgrep -P "$RUN_PID" || true); do
  kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  RSS_KB=$(( RSS_KB + ${kb:-0} ))
done

python3 - "$WORK" "$START_NS" "$COLD_DONE_NS" "$COLD_VERDICT" "$RSS_KB" "${WARM_ARGS[@]}" <<'PY'
import json, sys, datetime, os
work, start, cold_done, cold_verdict, rss_kb = sys.argv[1], int(sys.argv[2]) / 1e9, int(sys.argv[3]) / 1e9, sys.argv[4], int(sys.argv[5])
warm = sys.argv[6:]
ts = lambda r: datetime.datetime.fromisoformat(r["timestamp"].replace("Z", "+00:00")).timestamp()
load = lambda f: [json.loads(l) for l in open(os.path.join(work, f))] if os.path.exists(os.path.join(work, f)) else []
cold_in, outputs = load("input-cold.jsonl"), load("output.jsonl")
expected = json.load(open(os.path.join(work, "expected.json")))
print(f"feed: {sum(t['stations'] for t in expected.values())} stations in {len(expected)} postcodes "
      f"({expected.get('UNKNOWN', {}).get('stations', 0)} without a postcode)")
print("cold start (launch of `citypulse run`):")
if cold_in:
    print(f"  first station record on velib-projet   {min(map(ts, cold_in)) - start:6.1f} s")
if outputs:
    print(f"  first aggregate on velib-projet-final-data {min(map(ts, outputs)) - start:6.1f} s")
print(f"  every total equal to the independent sum {cold_done - start:6.1f} s   [{cold_verdict}]")
ok = cold_verdict == "equal"
if warm:
    change, done, verdict = int(warm[0]) / 1e9, int(warm[1]) / 1e9, warm[2]
    changed = len(load("input-all.jsonl")) - len(cold_in)
    print("feed changed (the network one hour later):")
    print(f"  {changed} changed station records republished; every total equal again after {done - change:5.1f} s   [{verdict}]")
    print(f"  (includes up to one poll interval, 5 s here; the check itself polls every ~3 s)")
    ok = ok and verdict == "equal"
print(f"peak RSS of the citypulse run processes (launcher + pipeline JVM): {rss_kb / 1024:,.0f} MB")
print("RESULT:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
