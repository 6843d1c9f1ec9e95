#!/usr/bin/env bash
# Vizi order -> confirmation send command: order-service on embedded Kafka + PostgreSQL fed
# OrderReceived events as webhook-ingest publishes them, timed until the SendMessageCommand is on
# messaging.commands.v1. Fixed rate first (open model), then a burst for the throughput ceiling,
# in the same run.
# A warm-up at the same rate (WARMUP seconds, default 60) runs first and is not measured.
#   deploy/bench/orders.sh [rate=200] [seconds=60] [burst=20000] [branch=ro]   (env: WARMUP=60 BENCH_JFR=dir)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
rate=${1:-200}; seconds=${2:-60}; burst=${3:-20000}; branch=${4:-ro}; warmup=${WARMUP:-60}

[ -f order-service/target/order-service-0.1.0-SNAPSHOT.jar ] && [ -d deploy/bench/target/classes ] \
  || mvn -B -q -DskipTests install
mvn -B -q -pl deploy/bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "date=$(date -u +%FT%TZ) rate=$rate seconds=$seconds burst=$burst branch=$branch warmup=${warmup}s cpus=$(nproc)"
java -Xmx768m -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" \
  -Dswitchboard.root="$root" dev.switchboard.bench.OrderBench "$rate" "$seconds" "$burst" "$branch" "$out" "$warmup" \
  > deploy/bench/target/order-bench.log 2>&1
cat "$out"
