#!/usr/bin/env bash
# Template validation's cost per send: two messaging-service instances on the same embedded
# infrastructure and Meta simulator, validation off on one and enforced on the other (the demo
# tenant's template order_update published on templates.events.v1: text header, two body
# variables, footer, dynamic URL button, quick reply). wrk POSTs the same template send straight to
# each instance (internal token), alternating which goes first per round so both see the same machine
# state; one RESULT line per run, then the p99 difference per round, and the percentiles of the
# check itself over the measured rounds (its timer: the projection's read and the rules; the
# warm-up's first reads and compilations left out), which machine noise blurs far less, whole and
# per outcome of the projection read (copy fresh, stale-refreshing, miss).
# RATE (env): requests a second offered to each instance; unset, wrk sends as fast as the answers
# come (closed loop), which keeps both cores busy and lengthens every timed section by preemption.
#   deploy/bench/templates.sh [duration=15s] [connections=8] [rounds=3] [warmup=10s]  (env: RATE)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
duration=${1:-15s}; connections=${2:-8}; rounds=${3:-3}; warmup=${4:-10s}
jars=${MESSAGING_BENCH_JARS:-$root}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -f "$jars/messaging-service/target/messaging-service-0.1.0-SNAPSHOT.jar" ] && [ -d deploy/bench/target/classes ] \
  || mvn -B -q -DskipTests install
[ -s deploy/bench/target/bench.classpath ] || mvn -B -q -o -pl deploy/bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null

work=$(mktemp -d)
ready="$work/ready"
java -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" \
  -Dswitchboard.root="$jars" dev.switchboard.bench.TemplateBenchStack "$ready" >"$work/stack.log" 2>&1 &
stack=$!
trap 'kill $stack 2>/dev/null; wait $stack 2>/dev/null || true; cp "$work/stack.log" deploy/bench/target/templates-stack.log 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 1200); do [ -s "$ready" ] && break; kill -0 $stack 2>/dev/null || { cat "$work/stack.log"; exit 1; }; sleep 0.5; done
[ -s "$ready" ] || { echo "bench stack did not start"; tail -40 "$work/stack.log"; exit 1; }
off=$(sed -E 's/.*off=([0-9]+).*/\1/' "$ready"); on=$(sed -E 's/.* on=([0-9]+).*/\1/' "$ready")
onmgmt=$(sed -E 's/.* onmgmt=([0-9]+).*/\1/' "$ready"); offmgmt=$(sed -E 's/.*offmgmt=([0-9]+).*/\1/' "$ready")
# The check's own timer (switchboard.templates.check) on the instance whose management port is $1,
# from its Prometheus histogram: cumulative bucket counts, one "bound count" line per bucket, summed
# over the series whose copy tag is $2 (fresh: the in-memory copy; stale-refreshing: the copy
# served while its refresh runs on another thread; miss: the projection read on the send's path;
# none: validation off) or over all of them ($2 = all). The instance without validation records
# the same timer around a decision that reads nothing: the floor of timing anything on this
# machine under this load.
check_buckets() {
  curl -s "http://localhost:$1/actuator/prometheus" | awk -v copy="$2" -v metric="${3:-switchboard_templates_check_seconds_bucket}" '
    index($0, metric "{") == 1 {
      if (copy != "all" && index($0, "copy=\"" copy "\"") == 0) next
      match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5)
      if (!(le in sum)) order[++n] = le
      sum[le] += $2 }
    END { for (i = 1; i <= n; i++) print order[i], sum[order[i]] }'
}
# Percentiles of the checks made between two snapshots ($1 before, $2 after): the smallest bucket
# bound holding that share of them, so "<=".
check_percentiles() {
  paste -d' ' "$1" "$2" | awk '
    { n++; bound[n] = $1; count[n] = $4 - $2 }
    END { total = count[n]; if (total <= 0) { print "checks=0"; exit }
          for (i = 1; i <= n; i++) { if (bound[i] + 0 <= 0.001) within = count[i]
            if (!p50 && count[i] >= 0.5 * total) p50 = bound[i]; if (!p90 && count[i] >= 0.9 * total) p90 = bound[i]
            if (!p99 && count[i] >= 0.99 * total) p99 = bound[i]; if (!p999 && count[i] >= 0.999 * total) p999 = bound[i] }
          printf "checks=%d check_p50_ms<=%.3f check_p90_ms<=%.3f check_p99_ms<=%.3f check_p999_ms<=%.3f within_1ms=%.1f%%\n",
            total, p50 * 1000, p90 * 1000, p99 * 1000, p999 * 1000, 100 * within / total }'
}
# Snapshots $1 (before or after) of the validating instance's timer, whole and per copy, and of the floor.
snapshot() {
  for copy in all fresh stale-refreshing miss; do check_buckets "$onmgmt" "$copy" >"$work/checks.$copy.$1"; done
  check_buckets "$offmgmt" all >"$work/floor.$1"
  # The same checks' CPU time (switchboard.templates.check.cpu: those decided on the thread
  # that began them): the check's own cost, without the time its thread was preempted.
  check_buckets "$onmgmt" all switchboard_templates_check_cpu_seconds_bucket >"$work/cpu.$1"
  check_buckets "$offmgmt" all switchboard_templates_check_cpu_seconds_bucket >"$work/cpufloor.$1"
}

body='{"to":"+9725%08d","channelId":"demo-meta","type":"template","template":{"name":"order_update","language":{"code":"en_US"},"components":[{"type":"header","parameters":[{"type":"text","text":"A-7"}]},{"type":"body","parameters":[{"type":"text","text":"Dana"},{"type":"text","text":"A-7"}]},{"type":"button","sub_type":"url","index":0,"parameters":[{"type":"text","text":"A-7"}]}]}}'
# Internal tokens live 60 s: the script is written again from the stack's fresh token before each run.
script() {
  cat <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $(cat "$ready.token")"
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, string.format('$body', counter % 90000000))
end
LUA
  if [ -n "${RATE:-}" ]; then
    # A fixed offered rate instead of as fast as answers come: each of wrk's 2 threads sends
    # on its own schedule, RATE/2 requests a second.
    cat <<LUA
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_usec; } bench_timeval;
int gettimeofday(bench_timeval *tv, void *tz);
]]
local tv = ffi.new("bench_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end
local interval = 2 * 1000 / $RATE
local next_at = nil
delay = function()
  local now = now_ms()
  if next_at == nil then next_at = now end
  local slot = next_at
  next_at = next_at + interval
  if slot > now then return math.floor(slot - now) end
  return 0
end
LUA
  fi
  cat "$root/deploy/bench/report.lua"
}
# $1 label, $2 port, $3 duration
run() {
  script >"$work/send.lua"
  wrk -t2 -c"$connections" -d"$3" --timeout 10s --latency -s "$work/send.lua" "http://localhost:$2/api/v1/messages" \
    | grep RESULT | sed "s/^RESULT/$1/"
}
run "warmup off" "$off" "$warmup" >/dev/null; run "warmup on" "$on" "$warmup" >/dev/null
snapshot before
echo "date=$(date -u +%FT%TZ) duration=$duration connections=$connections cpus=$(nproc) rounds=$rounds warmup=$warmup rate=${RATE:-open} load=$(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$rounds"); do
  # Odd rounds run the instance without validation first, even rounds the other: neither
  # always gets the machine the other just warmed or left busy.
  if [ $((r % 2)) -eq 1 ]; then
    a=$(run "validation-off round$r" "$off" "$duration"); echo "$a"
    b=$(run "validation-on round$r" "$on" "$duration"); echo "$b"
  else
    b=$(run "validation-on round$r" "$on" "$duration"); echo "$b"
    a=$(run "validation-off round$r" "$off" "$duration"); echo "$a"
  fi
  p99a=$(echo "$a" | sed -E 's/.*p99_ms=([0-9.]+).*/\1/'); p99b=$(echo "$b" | sed -E 's/.*p99_ms=([0-9.]+).*/\1/')
  awk -v a="$p99a" -v b="$p99b" -v r="$r" 'BEGIN { printf "round%s p99 on - off: %.2f ms\n", r, b - a }'
done
snapshot after
echo "template check, validation on (measured rounds only): $(check_percentiles "$work/checks.all.before" "$work/checks.all.after")"
for copy in fresh stale-refreshing miss; do
  echo "template check, validation on, copy=$copy: $(check_percentiles "$work/checks.$copy.before" "$work/checks.$copy.after")"
done
echo "template check, validation off, the floor (measured rounds only): $(check_percentiles "$work/floor.before" "$work/floor.after")"
echo "template check CPU time, validation on: $(check_percentiles "$work/cpu.before" "$work/cpu.after")"
echo "template check CPU time, validation off (floor): $(check_percentiles "$work/cpufloor.before" "$work/cpufloor.after")"
java -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" dev.switchboard.bench.TemplateRulesBench "$work/rules"
echo "template rules alone (one thread, after the services' runs): $(cat "$work/rules")"
