#!/usr/bin/env bash
# Messaging benchmarks on embedded infrastructure and the Meta simulator, two messaging-service
# instances and the gateway in front of the first:
#  1. accepted sends/s: wrk POSTs template messages (202 = stored + send command in the outbox),
#     side by side in one run: one message per request straight to the instance (internal token,
#     fresh for each run: a token lives 60 s, so a direct run longer than about 100 s is refused);
#     the same through the gateway (API key, rate limits); BATCH messages per request
#     (default 100, /api/v1/messages/batch, BATCH_CONNECTIONS default 16) through the gateway,
#     reported as sends/s; wrk waits up to 10 s for an answer;
#  2. per-number rate: messages for six channels of one business number sent by both instances;
#     the simulator's acceptance times give the steady rate against the tier (default 80/s), over
#     the part of the run where every message is stored (a backlog only the governor paces);
#     RATE_MESSAGES (default 30 s worth at the tier, 0 skips it) sets how many; per_second is the
#     timeline.
# Every send is the demo WABA's order_confirmation_global (en, eight body parameters) as the Meta
# simulator holds it, published on templates.events.v1 by the stack; VALIDATION (env) is the
# instances' template validation, enforced (the default in production) unless set to when-synced
# or off.
#   deploy/bench/messaging.sh [duration=20s] [connections=64] [tier=80] [warmup=10s] [rounds=1]  (env: VALIDATION)
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
  -Dswitchboard.root="$jars" dev.switchboard.bench.MessagingBenchStack "$ready" "$tier" "${RATE_MESSAGES:-$((tier * 30))}" "${VALIDATION:-enforced}" >"$work/stack.log" 2>&1 &
stack=$!
trap 'kill $stack 2>/dev/null; wait $stack 2>/dev/null || true; cp "$work/stack.log" deploy/bench/target/messaging-stack.log 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 1200); do [ -s "$ready" ] && break; kill -0 $stack 2>/dev/null || { cat "$work/stack.log"; exit 1; }; sleep 0.5; done
[ -s "$ready" ] || { echo "bench stack did not start"; grep -i "messaging-service" "$work/stack.log" | grep -iv "kafka" | tail -40; exit 1; }
m1=$(sed -E 's/.*m1=([0-9]+).*/\1/' "$ready"); m2=$(sed -E 's/.*m2=([0-9]+).*/\1/' "$ready")
gw=$(sed -E 's/.*gw=([0-9]+).*/\1/' "$ready")
batch=${BATCH:-100}
# Fewer connections for batches: each carries BATCH messages, and 64 of them at once only queue.
batch_connections=${BATCH_CONNECTIONS:-16}

# The demo WABA's order confirmation with its eight body parameters (no percent sign in it: it
# goes through Lua's string.format and printf).
template='{"name":"order_confirmation_global","language":{"code":"en"},"components":[{"type":"body","parameters":[{"type":"text","text":"Dana Example"},{"type":"text","text":"India"},{"type":"text","text":"IN"},{"type":"text","text":"IL250101IN99"},{"type":"text","text":"Tourist eVisa, 1 month"},{"type":"text","text":"2"},{"type":"text","text":"249 ILS"},{"type":"text","text":"3"}]}]}'
# One script per target: $1 = authorization, $2 = messages per request (1: the single-message API).
script() {
  cat <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "$1"
counter = 0
message = function()
  counter = counter + 1
  return string.format('{"to":"+9725%08d","channelId":"demo-meta","type":"template","template":$template}', counter % 90000000)
end
request = function()
  if $2 == 1 then return wrk.format(nil, nil, nil, message()) end
  local items = {}
  for i = 1, $2 do items[i] = message() end
  return wrk.format(nil, nil, nil, '{"messages":[' .. table.concat(items, ",") .. ']}')
end
LUA
  cat "$root/deploy/bench/report.lua"
}
# Internal tokens live 60 s: the stack writes a fresh one to $ready.token every 10 s, and the
# direct script is written again from it before each run.
direct_script() { script "Bearer $(cat "$ready.token")" 1 >"$work/direct.lua"; }
script "Bearer sb_demokey1.localdemosecret" 1 >"$work/gateway.lua"
script "Bearer sb_demokey1.localdemosecret" "$batch" >"$work/batch.lua"
# $1 label, $2 lua, $3 url, $4 duration, $5 messages per request, $6 connections
run() {
  wrk -t2 -c"${6:-$connections}" -d"$4" --timeout 10s --latency -s "$work/$2" "$3" | grep RESULT \
    | awk -v label="$1" -v per="$5" '{ split($2, r, "="); sub(/^RESULT/, label); print $0 " sends_per_s=" r[2] * per }'
}
direct="http://localhost:$m1/api/v1/messages"; viagw="http://localhost:$gw/api/v1/messages"
# A batch is answered 202 even when items are refused: show that a sample batch is accepted whole.
sample=$(printf '{"messages":[%s]}' "$(for i in $(seq 1 "$batch"); do printf '%s{"to":"+97250%07d","channelId":"demo-meta","type":"template","template":%s}' "$([ "$i" -gt 1 ] && echo ,)" "$i" "$template"; done)")
echo "sample batch: $(curl -s -X POST -H 'Content-Type: application/json' -H 'Authorization: Bearer sb_demokey1.localdemosecret' \
  --data "$sample" "$viagw/batch" | grep -o '"accepted":[0-9]*,"refused":[0-9]*')"
direct_script; run warmup direct.lua "$direct" "${4:-10s}" 1 >/dev/null
run warmup gateway.lua "$viagw" "${4:-10s}" 1 >/dev/null
run warmup batch.lua "$viagw/batch" "${4:-10s}" "$batch" "$batch_connections" >/dev/null
echo "date=$(date -u +%FT%TZ) duration=$duration connections=$connections cpus=$(nproc) tier=$tier warmup=${4:-10s} batch=$batch batch_connections=$batch_connections"
for r in $(seq 1 "${5:-1}"); do
  direct_script; run "accepted direct round$r" direct.lua "$direct" "$duration" 1
  run "accepted gateway round$r" gateway.lua "$viagw" "$duration" 1
  run "accepted gateway-batch$batch round$r" batch.lua "$viagw/batch" "$duration" "$batch" "$batch_connections"
done
[ "${RATE_MESSAGES:-1}" = 0 ] && exit 0
touch "$ready.rate"
for _ in $(seq 1 600); do [ -s "$ready.result" ] && break; sleep 1; done
cat "$ready.result" 2>/dev/null || { echo "rate measurement did not finish"; tail -20 "$work/stack.log"; }
