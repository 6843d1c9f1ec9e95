#!/usr/bin/env bash
# Inbound customer messages → visible in the conversation's timeline through the gateway, at a
# fixed rate (issue target: 1,000 messages/s for 5 minutes, nothing lost, p99 ≤ 200 ms). One
# webhook-ingest, one messaging-service and the gateway on embedded Kafka, PostgreSQL and Redis
# (dev.switchboard.bench.InboxBench); traffic to localhost only.
#
# What is measured:
#  - Load: wrk posts signed Meta message webhooks (one text message each, with the customer's
#    profile in `contacts`) to webhook-ingest at a fixed rate, spread over CUSTOMERS contacts
#    (message i from customer i % CUSTOMERS: each contact's conversation opens with its first
#    message and is updated by the next ones). A fixed number of connections, each request
#    waiting for its slot in a per-thread schedule (fixed-rate.lua). wrk is closed-loop: when
#    answers slow down, fewer requests go out and its rps shows it.
#    RESULT webhooks: wrk's rate and the webhook POST latency (200 = Kafka acknowledged);
#    RESULT webhooks-refused: the answers other than 2xx by status (503: ingest busy).
#  - Visibility, per probed message: the time from just before a webhook POST until the first
#    GET /api/v1/conversations/{id}/messages through the gateway (API key, conversations:read)
#    that shows it. The probe posts a message from a fresh contact (new contact and conversation)
#    PROBES times a second (default 10, part of the rate) and, every 10 ms, looks for its
#    conversation in PostgreSQL (the entry by wamid: a client would learn of it from the list or
#    the events) and, once there, reads the timeline through the gateway; a sample is late by at
#    most one step, so the figure is an upper bound. At most 2 probes wait at once; a slot that
#    finds both busy is skipped and counted.
#    RESULT visible-through-gateway: p50/p90/p99/max; RESULT probe-webhook-answered: the part of it
#    until the probe's webhook was answered; RESULT probe-stored: until its conversation was found
#    in PostgreSQL; RESULT probe-store-began: until the transaction that stored it began (the
#    entry's created_at); RESULT read-in-gateway / read-in-messaging: the measured phase's
#    timeline reads as those two services timed them (http.server.requests).
#  - Nothing lost: RESULT drain: after the load, the inbound messages stored (conversation entries,
#    read in PostgreSQL) against the webhooks answered 2xx (warm-up and probes included), once the
#    count stopped growing, and when after the load the last one was stored (a few seconds or more:
#    it did not keep up). lost = answered − stored when positive (never stored within 2 minutes);
#    up to `unanswered` more than answered may be stored (wrk's socket errors and timeouts, and
#    the requests in flight when each phase ended: wrk counts neither, yet they may have been
#    accepted); check=ok when answered ≤ stored ≤ answered + unanswered.
# A warm-up (WARMUP seconds, default 20) with the same load, probe included (its samples dropped), runs first.
#   deploy/bench/inbox.sh [rate=1000] [seconds=300]  (env: PROBES=10 WARMUP=20 CONNECTIONS=64 CUSTOMERS=20000,
#   BENCH_JAVA: the java every process runs on, BENCH_JVM_FLAGS: heap and collector flags, BENCH_JFR)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
rate=${1:-1000}; seconds=${2:-300}; probes=${PROBES:-10}; warmup=${WARMUP:-20}; connections=${CONNECTIONS:-64}
customers=${CUSTOMERS:-20000}
threads=2

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
for jar in webhook-ingest messaging-service gateway; do
  [ -f "$jar/target/$jar-0.1.0-SNAPSHOT.jar" ] || mvn -B -q -DskipTests install
done
[ -f deploy/bench/target/classes/dev/switchboard/bench/InboxBench.class ] \
  || mvn -B -q -o -DskipTests -pl deploy/bench install
[ -s deploy/bench/target/bench.classpath ] \
  || mvn -B -q -o -pl deploy/bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null

work=$(mktemp -d)
ready="$work/ready"
"${BENCH_JAVA:-java}" -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" -Dswitchboard.root="$root" \
  dev.switchboard.bench.InboxBench "$ready" "$rate" "$seconds" "$warmup" "$probes" "$customers" >"$work/stack.log" 2>&1 &
stack=$!
trap 'kill $stack 2>/dev/null; wait $stack 2>/dev/null || true; cp "$work/stack.log" deploy/bench/target/inbox-stack.log 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 1200); do [ -s "$ready" ] && break; kill -0 $stack 2>/dev/null || { tail -60 "$work/stack.log"; exit 1; }; sleep 0.5; done
[ -s "$ready" ] || { echo "bench stack did not start"; tail -60 "$work/stack.log"; exit 1; }
ingest=$(sed -E 's/.*ingest=([0-9]+).*/\1/' "$ready")
warmup_lines=$(sed -E 's/.*warmup_lines=([0-9]+).*/\1/' "$ready")

cat "$root/deploy/bench/fixed-rate.lua" "$root/deploy/bench/report.lua" >"$work/inbox.lua"
# Counts the answers other than 2xx by status (busy 503, bad signature 401...) per thread.
cat >>"$work/inbox.lua" <<'LUA'
local threads_list = {}
local schedule_setup = setup
setup = function(thread)
  schedule_setup(thread)
  threads_list[#threads_list + 1] = thread
end
refused = {}
response = function(status, headers, body)
  if status < 200 or status > 299 then refused[status] = (refused[status] or 0) + 1 end
end
local report = done
done = function(summary, latency, requests)
  report(summary, latency, requests)
  local by_status = {}
  for _, thread in ipairs(threads_list) do
    for status, n in pairs(thread:get("refused")) do by_status[status] = (by_status[status] or 0) + n end
  end
  local line = "REFUSED"
  for status, n in pairs(by_status) do line = line .. string.format(" %d=%d", status, n) end
  io.write(line .. "\n")
  io.write(string.format("ANSWERED %d\n", summary.requests - summary.errors.status))
  io.write(string.format("UNANSWERED %d\n", summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout))
end
LUA
load_rate=$(( rate > probes ? rate - probes : 1 ))
post() { wrk -t$threads -c"$connections" -d"$2" --latency -s "$work/inbox.lua" "http://localhost:$ingest/webhooks/whatsapp" \
  -- "$ready.bodies" "$threads" "$load_rate" "$3"; }
echo "date=$(date -u +%FT%TZ) rate=$rate seconds=$seconds probes_per_s=$probes customers=$customers warmup_s=$warmup connections=$connections cpus=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
answered=0; unanswered=0
if [ "$warmup" -gt 0 ]; then
  out=$(post warmup "${warmup}s" 0)
  answered=$(echo "$out" | sed -n 's/^ANSWERED //p')
  unanswered=$(echo "$out" | sed -n 's/^UNANSWERED //p')
  echo "$out" | grep -E '^(RESULT|REFUSED)' | sed -e "s/^RESULT/warmup webhooks/" -e "s/^REFUSED/warmup webhooks refused/"
fi
# CPU per process over the measured phase (cores = CPU seconds / wall seconds), from /proc.
pid_on() { ss -Hltnp "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
gateway_port=$(sed -E 's/.*gateway=([0-9]+).*/\1/' "$ready")
messaging_port=$(sed -E 's/.*messaging=([0-9]+).*/\1/' "$ready")
declare -A pids=([ingest]=$(pid_on "$ingest") [gateway]=$(pid_on "$gateway_port") [messaging]=$(pid_on "$messaging_port")
  [harness]=$stack)
ticks() { local sum=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && sum=$(( sum + $(awk '{print $14 + $15}' "/proc/$p/stat") )); done; echo $sum; }
cpu_snapshot() { for name in "${!pids[@]}"; do echo "$name $(ticks ${pids[$name]})"; done; echo "postgres $(ticks $(pgrep -x postgres))"; echo "total $(awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat)"; }
touch "$ready.go"
cpu_before=$(cpu_snapshot); started=$(date +%s.%N)
out=$(post measured "${seconds}s" "$warmup_lines")
cpu_after=$(cpu_snapshot); ended=$(date +%s.%N)
echo "RESULT cpu_cores $(join <(sort <<<"$cpu_before") <(sort <<<"$cpu_after") | awk -v hz="$(getconf CLK_TCK)" -v secs="$(echo "$ended - $started" | bc)" \
  '{ printf "%s=%.2f ", $1, ($3 - $2) / hz / secs }')"
echo "$out" | grep RESULT | sed "s/^RESULT/RESULT webhooks offered_per_s=$load_rate/"
echo "$out" | sed -n 's/^REFUSED/RESULT webhooks-refused by_status:/p'
# Unanswered: socket errors and timeouts, and the requests in flight when wrk stopped each phase
# (it counts neither): they may have been accepted all the same.
echo "$(( answered + $(echo "$out" | sed -n 's/^ANSWERED //p') )) \
  $(( unanswered + $(echo "$out" | sed -n 's/^UNANSWERED //p') + 2 * connections ))" >"$ready.done"
for _ in $(seq 1 300); do [ -s "$ready.result" ] && break; sleep 1; done
cat "$ready.result" 2>/dev/null || { echo "measurement did not finish"; tail -30 "$work/stack.log"; exit 1; }
