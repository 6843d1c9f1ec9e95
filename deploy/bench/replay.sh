#!/usr/bin/env bash
# Rebuilding order-service's read tables from orders.events.v1, as the replay runbook says:
# order-service on embedded Kafka + PostgreSQL takes a burst of orders through its intake, then
# the tables are snapshotted, the service stopped, the tables truncated, the projection group
# reset to the earliest offsets and the service started again (dev.switchboard.bench.ReplayBench).
# To give the rebuild enough events, every event of the intake is then published again COPIES
# times for other orders (new ids, same payload), applied live like any other event.
# Reports events applied per second and checks identical tables and no side effects (no topic
# gains a record, no task or outbox row appears). Target: ≥ 20,000 events/s.
#   deploy/bench/replay.sh [orders=2000] [copies=99]   (env: BENCH_JFR=dir)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
orders=${1:-2000}; copies=${2:-99}

[ -f order-service/target/order-service-0.1.0-SNAPSHOT.jar ] && [ -d deploy/bench/target/classes ] \
  || mvn -B -q -DskipTests install
mvn -B -q -pl deploy/bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "date=$(date -u +%FT%TZ) orders=$orders copies=$copies cpus=$(nproc)"
java -Xmx768m -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" \
  -Dswitchboard.root="$root" dev.switchboard.bench.ReplayBench "$orders" "$copies" "$out" \
  > deploy/bench/target/replay-bench.log 2>&1 || { tail -30 deploy/bench/target/replay-bench.log; exit 1; }
cat "$out"
