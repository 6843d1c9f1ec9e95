#!/usr/bin/env bash
# Full template sync: template-service (its own JVM, embedded Kafka + PostgreSQL) reads one WABA's
# templates from the Meta simulator over HTTP in pages of 25, stores each page and publishes the
# changes through the outbox. Two runs: every template created, then nothing changed.
#   deploy/bench/template-sync.sh [count=5000]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
count=${1:-5000}

[ -f template-service/target/template-service-0.1.0-SNAPSHOT.jar ] && [ -d deploy/bench/target/classes ] \
  || mvn -B -q -DskipTests install
mvn -B -q -pl deploy/bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "date=$(date -u +%FT%TZ) count=$count cpus=$(nproc)"
java -Xmx768m -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" \
  -Dswitchboard.root="$root" dev.switchboard.bench.TemplateSyncBench "$count" "$out" \
  > deploy/bench/target/template-bench.log 2>&1
cat "$out"
