#!/usr/bin/env bash
# Inbox list and counts queries through the gateway on one tenant with many conversations and
# agents (issue target: p95 ≤ 50 ms with 100,000 conversations and 1,000 agents). One
# messaging-service and the gateway on embedded Kafka, PostgreSQL and Redis
# (dev.switchboard.bench.InboxQueryBench); traffic to localhost only.
#
# Seed (straight into PostgreSQL once messaging-service has migrated, set-based SQL,
# dev.switchboard.bench.InboxSeed): tenant demo gets `agents` agents (roles mostly AGENT, a third
# ONLINE), 20 queues (two per agent), `conversations` contacts with one conversation each (30 %
# OPEN, 30 % ASSIGNED, 40 % RESOLVED; assignees among the agents, a queue for nine in ten,
# priorities, tags, unread counts, last activity over the last six days) and 3 timeline entries
# per conversation; the gateway gets an API key bound to agent 0 (role AGENT, local stack only).
#
# What is measured, per query shape: a small Java client sends requests at RATE a second (open
# loop, at most 64 outstanding; a slot that finds them all busy is skipped and counted). Every
# shape first warms up for WARMUP seconds (dropped; the seed ends with VACUUM ANALYZE), then each
# is measured for `duration`, one after the other:
#   list-default      GET /api/v1/conversations (tenant key: newest activity first, 25 a page)
#   list-status-open  ?status=OPEN
#   list-assignee-me  ?assignee=me (the agent key)
#   list-sla-at-risk  ?slaState=AT_RISK (the seed sets no SLA state: an index lookup finding nothing)
#   list-queue        ?queueId=<a queue> (skipped while the list has no queue filter: 400)
#   list-q            ?q=Customer <random n> (name, number or message text search)
#   counts            GET /api/v1/conversations/counts (the agent key: `mine` is its own)
# RESULT <shape> through-gateway: the client's round trip, p50/p95/p99/max and failures;
# RESULT <shape> in-gateway / in-messaging: the same requests as the gateway and messaging-service
# timed them (http.server.requests histograms scraped before and after the shape: bucket bounds).
#   deploy/bench/inbox-queries.sh [conversations=100000] [agents=1000] [duration=30s]
#   (env: RATE=50 WARMUP=10, BENCH_JAVA: the java every process runs on, BENCH_JVM_FLAGS, BENCH_JFR)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
conversations=${1:-100000}; agents=${2:-1000}; duration=${3:-30s}; rate=${RATE:-50}; warmup=${WARMUP:-10}
seconds=${duration%s}

for jar in messaging-service gateway; do
  [ -f "$jar/target/$jar-0.1.0-SNAPSHOT.jar" ] || mvn -B -q -DskipTests install
done
[ -f deploy/bench/target/classes/dev/switchboard/bench/InboxQueryBench.class ] \
  || mvn -B -q -o -DskipTests -pl deploy/bench install
[ -s deploy/bench/target/bench.classpath ] \
  || mvn -B -q -o -pl deploy/bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null

work=$(mktemp -d)
result="$work/result"
echo "date=$(date -u +%FT%TZ) conversations=$conversations agents=$agents seconds_per_shape=$seconds rate=$rate warmup_s=$warmup cpus=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
"${BENCH_JAVA:-java}" -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" -Dswitchboard.root="$root" \
  dev.switchboard.bench.InboxQueryBench "$result" "$conversations" "$agents" "$seconds" "$rate" "$warmup" >"$work/stack.log" 2>&1 &
stack=$!
trap 'kill $stack 2>/dev/null; wait $stack 2>/dev/null || true; cp "$work/stack.log" deploy/bench/target/inbox-queries-stack.log 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 7200); do [ -s "$result" ] && break; kill -0 $stack 2>/dev/null || { tail -60 "$work/stack.log"; exit 1; }; sleep 0.5; done
[ -s "$result" ] || { echo "measurement did not finish"; tail -60 "$work/stack.log"; exit 1; }
cat "$result"
