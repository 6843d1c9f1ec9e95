#!/usr/bin/env bash
# Workflow runs started by events, at a fixed rate: workflow-service on embedded Kafka and
# PostgreSQL (dev.switchboard.bench.WorkflowBench) with a two-step workflow (set, then a
# send_message reply) whose keyword trigger matches every inbound message the bench publishes
# on wa.inbound.v1, as webhook-ingest publishes them. Target: 12,000 runs a minute (200/s) for
# 5 minutes, p99 trigger → first step started ≤ 200 ms, every run succeeded, one reply each.
# Open model: each delay counts from the message's scheduled time. A warm-up at the same rate
# (WARMUP seconds, default 30) runs first and is not measured.
#   deploy/bench/workflows.sh [rate=200] [seconds=300]   (env: WARMUP=30 BENCH_JFR=dir)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
rate=${1:-200}; seconds=${2:-300}; warmup=${WARMUP:-30}

[ -f workflow-service/target/workflow-service-0.1.0-SNAPSHOT.jar ] && [ -d deploy/bench/target/classes ] \
  || mvn -B -q -DskipTests install
mvn -B -q -pl deploy/bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "date=$(date -u +%FT%TZ) rate=$rate/s ($((rate * 60))/min) seconds=$seconds warmup=${warmup}s cpus=$(nproc)"
java -Xmx768m -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" \
  -Dswitchboard.root="$root" dev.switchboard.bench.WorkflowBench "$rate" "$seconds" "$out" "$warmup" \
  > deploy/bench/target/workflow-bench.log 2>&1 || { tail -30 deploy/bench/target/workflow-bench.log; exit 1; }
cat "$out"
