#!/usr/bin/env bash
# Status webhook → visible through the gateway, at a fixed rate (issue target: p99 ≤ 100 ms at
# 1,000 statuses/s for 5 minutes). One webhook-ingest, one messaging-service and the gateway on
# embedded Kafka, PostgreSQL and Redis (dev.switchboard.bench.StatusBench); traffic to localhost only.
#
# What is measured:
#  - Load: wrk posts signed Meta status webhooks (one status each: sent, delivered, read of messages
#    stored beforehand with their wamids) to webhook-ingest at a fixed rate: a fixed number of
#    connections, each request waiting for its slot in a per-thread schedule (Lua delay(); wrk 4.1
#    has no -R). wrk is closed-loop: when answers slow down, fewer requests go out and its rps shows it.
#    RESULT webhooks: wrk's rate and the webhook POST latency (200 = Kafka acknowledged).
#  - Visibility, per probed status: the time from just before a webhook POST until the first
#    GET /api/v1/messages/{id} through the gateway (API key, messages:read) that shows the status.
#    A probe posts its own `sent` webhook for a fresh message PROBES times a second (default 10,
#    part of the rate) and reads every 10 ms, so a sample is late by at most one read interval plus
#    one read: the figure is an upper bound. At most 2 probes wait at once (their reads must not
#    become a load of their own); a slot that finds both busy is skipped and counted.
#    RESULT visible-through-gateway: p50/p90/p99/max; RESULT probe-webhook-answered: the part of it
#    until the probe's webhook was answered; RESULT probe-fold-began: until the transaction that folded it
#    began (the message's updated_at); RESULT fold-batches: messaging-service's batch folds (its
#    switchboard.statuses.batch histogram, warm-up included); RESULT read-in-gateway / read-in-messaging:
#    the measured phase's reads as those two services timed them (http.server.requests).
#  - Backlog: RESULT drain: how long after the load ended messaging-service had processed every
#    posted status (its inbox); a few seconds or more means it did not keep up with the rate.
# A warm-up (WARMUP seconds, default 20) with the same load, probe included (its samples dropped), runs first.
# PER_WEBHOOK statuses go in one load webhook (default 1, the worst case; Meta batches up to
# 1,000 per POST without guarantee); the probe's webhooks carry one.
#   deploy/bench/statuses.sh [rate=1000] [seconds=300]  (env: PROBES=10 WARMUP=20 CONNECTIONS=64 PER_WEBHOOK=1,
#   BENCH_JAVA: the java every process runs on, BENCH_JVM_FLAGS: heap and collector flags, BENCH_JFR)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
rate=${1:-1000}; seconds=${2:-300}; probes=${PROBES:-10}; warmup=${WARMUP:-20}; connections=${CONNECTIONS:-64}
per_webhook=${PER_WEBHOOK:-1}
threads=2

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
for jar in webhook-ingest messaging-service gateway; do
  [ -f "$jar/target/$jar-0.1.0-SNAPSHOT.jar" ] || mvn -B -q -DskipTests install
done
[ -f deploy/bench/target/classes/dev/switchboard/bench/StatusBench.class ] \
  || mvn -B -q -o -DskipTests -pl deploy/bench install
[ -s deploy/bench/target/bench.classpath ] \
  || mvn -B -q -o -pl deploy/bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null

work=$(mktemp -d)
ready="$work/ready"
"${BENCH_JAVA:-java}" -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" -Dswitchboard.root="$root" \
  dev.switchboard.bench.StatusBench "$ready" "$rate" "$seconds" "$warmup" "$probes" "$per_webhook" >"$work/stack.log" 2>&1 &
stack=$!
trap 'kill $stack 2>/dev/null; wait $stack 2>/dev/null || true; cp "$work/stack.log" deploy/bench/target/statuses-stack.log 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 1200); do [ -s "$ready" ] && break; kill -0 $stack 2>/dev/null || { tail -60 "$work/stack.log"; exit 1; }; sleep 0.5; done
[ -s "$ready" ] || { echo "bench stack did not start"; tail -60 "$work/stack.log"; exit 1; }
ingest=$(sed -E 's/.*ingest=([0-9]+).*/\1/' "$ready")
warmup_lines=$(sed -E 's/.*warmup_lines=([0-9]+).*/\1/' "$ready")

cat "$root/deploy/bench/fixed-rate.lua" >"$work/statuses.lua"
cat "$root/deploy/bench/report.lua" >>"$work/statuses.lua"
cat >>"$work/statuses.lua" <<'LUA'
local report = done
done = function(summary, latency, requests)
  report(summary, latency, requests)
  io.write(string.format("ANSWERED %d\n", summary.requests - summary.errors.status))
end
LUA
load_rate=$(( rate > probes ? rate - probes : 1 ))
webhook_rate=$(( load_rate / per_webhook > 0 ? load_rate / per_webhook : 1 ))
post() { wrk -t$threads -c"$connections" -d"$2" --latency -s "$work/statuses.lua" "http://localhost:$ingest/webhooks/whatsapp" \
  -- "$ready.bodies" "$threads" "$webhook_rate" "$3"; }
echo "date=$(date -u +%FT%TZ) rate=$rate seconds=$seconds probes_per_s=$probes statuses_per_webhook=$per_webhook warmup_s=$warmup connections=$connections cpus=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
answered=0
if [ "$warmup" -gt 0 ]; then
  out=$(post warmup "${warmup}s" 0)
  answered=$(echo "$out" | sed -n 's/^ANSWERED //p')
  echo "$out" | grep RESULT | sed "s/^RESULT/warmup webhooks/"
fi
# CPU per process over the measured phase (cores = CPU seconds / wall seconds), from /proc.
pid_on() { ss -Hltnp "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
gateway_port=$(sed -E 's/.*gateway=([0-9]+).*/\1/' "$ready")
declare -A pids=([ingest]=$(pid_on "$ingest") [gateway]=$(pid_on "$gateway_port") [harness]=$stack)
messaging_pid=$(pgrep -f 'messaging-service-0.1.0-SNAPSHOT.jar' | head -1 || true)
[ -n "$messaging_pid" ] && pids[messaging]=$messaging_pid
ticks() { local sum=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && sum=$(( sum + $(awk '{print $14 + $15}' "/proc/$p/stat") )); done; echo $sum; }
cpu_snapshot() { for name in "${!pids[@]}"; do echo "$name $(ticks ${pids[$name]})"; done; echo "postgres $(ticks $(pgrep -x postgres))"; echo "total $(awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat)"; }
touch "$ready.go"
cpu_before=$(cpu_snapshot); started=$(date +%s.%N)
out=$(post measured "${seconds}s" "$warmup_lines")
cpu_after=$(cpu_snapshot); ended=$(date +%s.%N)
echo "RESULT cpu_cores $(join <(sort <<<"$cpu_before") <(sort <<<"$cpu_after") | awk -v hz="$(getconf CLK_TCK)" -v secs="$(echo "$ended - $started" | bc)" \
  '{ printf "%s=%.2f ", $1, ($3 - $2) / hz / secs }')"
echo "$out" | grep RESULT | sed "s/^RESULT/RESULT webhooks offered_per_s=$webhook_rate/"
echo $(( answered + $(echo "$out" | sed -n 's/^ANSWERED //p') )) >"$ready.done"
for _ in $(seq 1 300); do [ -s "$ready.result" ] && break; sleep 1; done
cat "$ready.result" 2>/dev/null || { echo "measurement did not finish"; tail -30 "$work/stack.log"; exit 1; }
