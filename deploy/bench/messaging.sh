#!/usr/bin/env bash
# Messaging benchmarks on embedded infrastructure and the Meta simulator, two messaging-service
# instances (no gateway in front: the API is called directly with an internal token):
#  1. accepted sends/s: wrk POSTs a template message (202 = stored + send command in the outbox);
#  2. per-number rate: messages for six channels of one business number sent by both instances;
#     the simulator's acceptance times give the steady rate against the tier (default 80/s), over
#     the part of the run where every message is stored (a backlog only the governor paces);
#     RATE_MESSAGES (default 30 s worth at the tier) sets how many; per_second is the timeline.
#   deploy/bench/messaging.sh [duration=20s] [connections=64] [tier=80] [warmup=10s] [rounds=1]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
duration=${1:-20s}; connections=${2:-64}; tier=${3:-80}
# Where the service jars are taken from (a copy lets a build run meanwhile).
jars=${MESSAGING_BENCH_JARS:-$root}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -f "$jars/messaging-service/target/messaging-service-0.1.0-SNAPSHOT.jar" ] && [ -d deploy/bench/target/classes ] \
  || mvn -B -q -DskipTests install
[ -s deploy/bench/target/bench.classpath ] || mvn -B -q -o -pl deploy/bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null

work=$(mktemp -d)
ready="$work/ready"
java -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" \
  -Dswitchboard.root="$jars" dev.switchboard.bench.MessagingBenchStack "$ready" "$tier" "${RATE_MESSAGES:-$((tier * 30))}" >"$work/stack.log" 2>&1 &
stack=$!
trap 'kill $stack 2>/dev/null; wait $stack 2>/dev/null || true; cp "$work/stack.log" deploy/bench/target/messaging-stack.log 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 1200); do [ -s "$ready" ] && break; kill -0 $stack 2>/dev/null || { cat "$work/stack.log"; exit 1; }; sleep 0.5; done
[ -s "$ready" ] || { echo "bench stack did not start"; grep -i "messaging-service" "$work/stack.log" | grep -iv "kafka" | tail -40; exit 1; }
m1=$(sed -E 's/.*m1=([0-9]+).*/\1/' "$ready"); m2=$(sed -E 's/.*m2=([0-9]+).*/\1/' "$ready")
token=$(sed -E 's/.*token=([^ ]+).*/\1/' "$ready")

cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"to":"+9725%08d","channelId":"demo-meta","type":"template","template":{"name":"order_update","language":{"code":"en_US"}}}', counter % 90000000)
  return wrk.format(nil, nil, nil, body)
end
LUA
cat "$root/deploy/bench/report.lua" >>"$work/post.lua"
run() { wrk -t2 -c"$connections" -d"$3" --latency -s "$work/post.lua" "http://localhost:$2/api/v1/messages" | grep RESULT | sed "s/^RESULT/$1/"; }
run warmup "$m1" "${4:-10s}" >/dev/null
echo "date=$(date -u +%FT%TZ) duration=$duration connections=$connections cpus=$(nproc) tier=$tier warmup=${4:-10s}"
for r in $(seq 1 "${5:-1}"); do run "accepted one-instance round$r" "$m1" "$duration"; done
touch "$ready.rate"
for _ in $(seq 1 600); do [ -s "$ready.result" ] && break; sleep 1; done
cat "$ready.result" 2>/dev/null || { echo "rate measurement did not finish"; tail -20 "$work/stack.log"; }
