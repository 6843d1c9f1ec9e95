#!/usr/bin/env bash
# The fault suite in one command: every reliability scenario (docs/reliability.md), each
# counting by id. "short" is what `mvn -B verify` (and CI) runs; "full" runs the documented
# lengths: 30 s PostgreSQL outages, a 60 s Redis outage, 100,000 statuses three times over,
# webhook crashes under 200 webhooks/s for 60 s.
#   deploy/faults/run.sh [short|full]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mode=${1:-short}

tests=(
  WebhookIngestCrashE2EIT   # R1 kill -9 of webhook-ingest, and of the Kafka broker, under load
  OutageIT                  # R1/ingest: Kafka down, Redis release failing: Meta's retry published
  ShuffledStatusesIT        # R2 statuses three times over, shuffled
  FaultsIT                  # R3 simulator faults: every send final, none twice, breaker opens and closes
  MessagingCrashE2EIT       # R3 kill -9 of one of two messaging instances under late answers
  RedisOutageE2EIT          # R4 Redis down
  PostgresOutageIT          # R5 PostgreSQL refused and hung (gateway, messaging, orders)
  ConnectionPoolRecoveryIT  # R5 the pool after a PostgreSQL restart
  ReplayE2EIT               # R6 every consumer group reset to earliest
  DeadLetterRedriveIT       # R6 a dead-letter topic re-driven
)
properties=()
if [ "$mode" = full ]; then
  properties=(
    -Dswitchboard.it.outage-seconds=30
    -Dfaults.redis-outage=PT60S
    -Dshuffle.messages=25000
    -Dswitchboard.fault.rate=200 -Dswitchboard.fault.seconds=60
  )
fi
it=$(IFS=,; echo "${tests[*]}")
echo "date=$(date -u +%FT%TZ) mode=$mode commit=$(git rev-parse --short HEAD) cpus=$(nproc)"
mvn -B verify -Dtest=none -Dit.test="$it" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false "${properties[@]}"
