#!/usr/bin/env bash
# Signed single-status webhooks accepted durably by webhook-ingest (200 only after the Kafka ack),
# measured side by side with a bare WebFlux endpoint answering 200 to the same request, in one run.
# Load comes from wrk (Debian package, installed when missing); traffic goes to localhost only.
# Then latency at about half the last measured ingest rate: 16 connections, each pausing between
# requests (wrk's Lua delay) so that together they offer ~rate/2.
#   deploy/bench/ingest.sh [duration=30s] [connections=64] [rounds=2]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
duration=${1:-30s}; connections=${2:-64}; rounds=${3:-2}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -f webhook-ingest/target/webhook-ingest-0.1.0-SNAPSHOT.jar ] && [ -d deploy/bench/target/classes ] \
  || mvn -B -q -DskipTests install
mvn -B -q -pl deploy/bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null

work=$(mktemp -d)
ready="$work/ready"
java -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" \
  -Dswitchboard.root="$root" dev.switchboard.bench.BenchStack "$ready" >"$work/stack.log" 2>&1 &
stack=$!
trap 'kill $stack 2>/dev/null; wait $stack 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 240); do [ -s "$ready" ] && break; kill -0 $stack 2>/dev/null || { cat "$work/stack.log"; exit 1; }; sleep 0.5; done
[ -s "$ready" ] || { echo "bench stack did not start"; cat "$work/stack.log"; exit 1; }
ingest=$(sed -E 's/.*ingest=([0-9]+).*/\1/' "$ready"); bare=$(sed -E 's/.*bare=([0-9]+).*/\1/' "$ready")

body='{"object":"whatsapp_business_account","entry":[{"id":"200000000000001","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550000001","phone_number_id":"100000000000001"},"statuses":[{"id":"wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA","status":"delivered","timestamp":"1750030073","recipient_id":"16505551234"}]}}]}]}'
sig=$(printf '%s' "$body" | openssl dgst -sha256 -hmac demo-app-secret | sed 's/^.* //')
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Hub-Signature-256"] = "sha256=$sig"
LUA
cat "$root/deploy/bench/report.lua" >>"$work/post.lua"
run() { wrk -t2 -c"${4:-$connections}" -d"${3:-$duration}" --latency -s "${5:-$work/post.lua}" "http://localhost:$2/webhooks/whatsapp" | grep RESULT | sed "s/^RESULT/$1/"; }
run warmup-bare "$bare" 10s >/dev/null; run warmup-ingest "$ingest" 10s >/dev/null
echo "date=$(date -u +%FT%TZ) duration=$duration connections=$connections cpus=$(nproc)"
for r in $(seq 1 "$rounds"); do run "bare   round$r" "$bare"; run "ingest round$r" "$ingest"; done
last=$(run "ingest round$((rounds + 1))" "$ingest"); echo "$last"
rate=$(echo "$last" | sed -E 's/.*rps=([0-9]+).*/\1/')
pause=$(( 16000 * 2 / (rate > 0 ? rate : 1) ))
sed "s/^done = /delay = function() return $pause end\ndone = /" "$work/post.lua" >"$work/half.lua"
run "ingest half-load (16 connections, ${pause} ms pause each, offered about $((rate / 2)) per s)" "$ingest" "$duration" 16 "$work/half.lua"
