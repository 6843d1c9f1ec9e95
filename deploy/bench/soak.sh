#!/usr/bin/env bash
# Soak: the whole local stack (every service, embedded Kafka, PostgreSQL and Redis, the
# simulators) under a steady mix for a long time: API sends through the gateway (their status
# webhooks come back through webhook-ingest) and Vizi orders (each a confirmation send). Every
# SAMPLE seconds it records each service's heap after GC and heap in use, its R2DBC pool, every
# consumer group's lag and Redis' memory; the series is written to deploy/bench/target/soak/soak.csv
# and a first-fifth/last-fifth summary to soak-summary.txt.
#   deploy/bench/soak.sh [minutes=30] [sends_per_s=25] [orders_per_s=25] [sample_s=30]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
minutes=${1:-30}; sends=${2:-25}; orders=${3:-25}; sample=${4:-30}

[ -f messaging-service/target/messaging-service-0.1.0-SNAPSHOT.jar ] && [ -d deploy/bench/target/classes ] \
  || mvn -B -q -DskipTests install
[ -s deploy/bench/target/bench.classpath ] || mvn -B -q -o -pl deploy/bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
mkdir -p deploy/bench/target/soak
echo "date=$(date -u +%FT%TZ) minutes=$minutes sends_per_s=$sends orders_per_s=$orders sample_s=$sample cpus=$(nproc) commit=$(git rev-parse --short HEAD)"
java -Xmx512m -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" \
  -Dswitchboard.root="$root" dev.switchboard.bench.SoakBench "$minutes" "$sends" "$orders" "$sample" deploy/bench/target/soak \
  > deploy/bench/target/soak/soak.log 2>&1
cat deploy/bench/target/soak/soak-summary.txt
