#!/usr/bin/env bash
# The gateway's cost, measured side by side in one run against a trivial upstream:
#   direct   wrk → upstream
#   bare     wrk → bare Reactor Netty proxy (headers copied, pooled client, nothing else) → upstream:
#            the floor any JVM proxy pays on this machine, measured beside the gateway
#   plain    wrk → gateway route with no filters → upstream
#   full     wrk → gateway route with API key auth + multi-window Redis rate limits → upstream
# Load comes from wrk (Debian package, installed when missing); traffic goes to localhost only.
# The gateway JVM records a JFR profile of the measured rounds (not start-up or warm-up); the
# hottest frames and the hottest gateway/Spring/Reactor frames are printed at the end.
# Each gateway result also carries the gateway JVM's CPU time per request (user + system, from
# /proc): on a machine shared with other work the throughput swings with the load, the CPU a
# request costs much less. WARMUP (default 60s) is the warm-up per gateway route: the JIT needs
# minutes of traffic on two busy cores.
#   deploy/bench/gateway.sh [duration=20s] [connections=32] [rounds=2]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
duration=${1:-20s}; connections=${2:-32}; rounds=${3:-2}; warmup=${WARMUP:-60s}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -f gateway/target/gateway-0.1.0-SNAPSHOT.jar ] && [ -d deploy/bench/target/classes ] \
  || mvn -B -q -DskipTests install
mvn -B -q -o -pl deploy/bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null

work=$(mktemp -d)
ready="$work/ready"; jfr="$root/deploy/bench/target/gateway-bench.jfr"; rm -f "$jfr"
java -cp "deploy/bench/target/classes:$(cat deploy/bench/target/bench.classpath)" \
  -Dswitchboard.root="$root" dev.switchboard.bench.GatewayBenchStack "$ready" >"$work/stack.log" 2>&1 &
stack=$!
trap 'kill $stack 2>/dev/null; wait $stack 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 480); do [ -s "$ready" ] && break; kill -0 $stack 2>/dev/null || { cat "$work/stack.log"; exit 1; }; sleep 0.5; done
[ -s "$ready" ] || { echo "bench stack did not start"; tail -50 "$work/stack.log"; exit 1; }
gateway=$(sed -E 's/.*gateway=([0-9]+).*/\1/' "$ready"); upstream=$(sed -E 's/.*upstream=([0-9]+).*/\1/' "$ready")
bareport=$(sed -E 's/.*bare=([0-9]+).*/\1/' "$ready")

cputicks() { [ -n "${gwpid:-}" ] && awk '{print $14 + $15}' "/proc/$gwpid/stat" || echo 0; }
run() {
  local before after
  before=$(cputicks)
  wrk -t2 -c"$connections" -d"${4:-$duration}" --latency -s "$root/deploy/bench/report.lua" ${3:+-H "$3"} "$2" \
    | grep RESULT | sed "s/^RESULT/$1/" >"$work/result"
  after=$(cputicks)
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" -v secs="${4:-$duration}" \
    '{ match($0, /rps=[0-9]+/); s = secs + 0; if (secs ~ /m$/) s *= 60;
       n = substr($0, RSTART + 4, RLENGTH - 4) * s; cpu = (n > 0) ? 1e6 * ticks / hz / n : 0;
       printf "%s gateway_cpu_us_per_req=%.0f\n", $0, cpu }' "$work/result"
}
key="Authorization: Bearer sb_demokey1.localdemosecret"
direct="http://localhost:$upstream/api/v1/messages"
bare="http://localhost:$bareport/api/v1/messages"
plain="http://localhost:$gateway/plain/api/v1/messages"
full="http://localhost:$gateway/api/v1/messages"
# The JVM listening on the gateway port (another stack may run a gateway of its own).
gwpid=$(ss -Hltnp "sport = :$gateway" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
run warmup-direct "$direct" "" 10s >/dev/null; run warmup-bare "$bare" "" 20s >/dev/null
run warmup-plain "$plain" "" "$warmup" >/dev/null
run warmup-full "$full" "$key" "$warmup" >/dev/null
jcmd "$gwpid" JFR.start name=bench settings=profile >/dev/null
echo "date=$(date -u +%FT%TZ) duration=$duration connections=$connections warmup=$warmup cpus=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$rounds"); do
  run "direct round$r" "$direct"; run "bare   round$r" "$bare"; run "plain  round$r" "$plain"; run "full   round$r" "$full" "$key"
done
jcmd "$gwpid" JFR.dump name=bench filename="$jfr" >/dev/null
kill $stack; wait $stack 2>/dev/null || true
jfr print --stack-depth 64 --events jdk.ExecutionSample "$jfr" >"$work/samples.txt"
echo "samples=$(grep -c 'jdk.ExecutionSample' "$work/samples.txt")"
echo "hottest top frames in the gateway (JFR execution samples, measured rounds):"
awk '/stackTrace = \[/{getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print}' "$work/samples.txt" \
  | sort | uniq -c | sort -rn | head -12
echo "share of samples with a frame of the package on the stack:"
python3 - "$work/samples.txt" <<'PY'
import collections, re, sys
samples = open(sys.argv[1]).read().split("jdk.ExecutionSample")[1:]
packages = collections.Counter()
for sample in samples:
    packages.update({".".join(m.group(1).split(".")[:4])
                     for m in re.finditer(r"^\s+([\w.$]+)\.[\w$<>]+\(.*line:", sample, re.M)})
for package, count in packages.most_common(15):
    print(f"{100 * count / max(1, len(samples)):5.1f} % {package}")
PY
