#!/usr/bin/env bash
# Fleet benchmark: a real control plane process (on its embedded PostgreSQL) under a
# simulated fleet that speaks the real agent protocol (it/.../SimulatedAgent: register with
# a join token, heartbeat, report status and tasks every 10 s), at each fleet size given.
# Prints API p50/p99 (list, get, create), ingest lag (report → API, report → watch stream),
# the achieved report rate and CPU, each beside the same calls with the fleet quiet
# (the reference, measured in the same run on the same data), and the machine load.
#
# usage: control-plane/bench/fleet.sh [rounds (default 3)] [seconds per round (default 20)] [sizes (default "1000 10000")]
# needs: Java 21+ (JAVA_HOME, else java on the PATH); builds what it runs with ./mvnw
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
SECONDS_PER_ROUND=${2:-20}
SIZES=${3:-1000 10000}
PER_NODE=${PER_NODE:-100}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
WORK=$(mktemp -d /tmp/atoll-fleet.XXXXXX)
chmod 755 "$WORK" # embedded PostgreSQL runs as an unprivileged user when we are root
PIDS=()
cleanup() {
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

./mvnw -q -B -DskipTests -pl control-plane -am package
./mvnw -q -B -pl control-plane/api,it test-compile dependency:build-classpath \
	-Dmdep.outputFile="$WORK/classpath" -Dmdep.includeScope=test
CLASSPATH=it/target/test-classes:$(cat "$WORK/classpath")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
echo "host: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(awk '/MemAvailable/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) available"
for size in $SIZES; do
	port=$(free_port)
	admin=bench-admin-$RANDOM$RANDOM$RANDOM
	"$JAVA" -jar control-plane/target/atoll-control-plane-*.jar --server.port="$port" \
		--atoll.embedded-postgres.dir="$WORK/postgres-$size" --atoll.auth.admin-token="$admin" \
		>"$WORK/cp-$size.log" 2>&1 &
	cp=$!
	PIDS+=($cp)
	for _ in $(seq 1 240); do
		curl -fsS -o /dev/null "http://127.0.0.1:$port/actuator/health" 2>/dev/null && break
		kill -0 "$cp" 2>/dev/null || { tail -40 "$WORK/cp-$size.log" >&2; exit 1; }
		sleep 0.5
	done
	echo
	"$JAVA" -cp "$CLASSPATH" dev.atoll.it.FleetBenchmark "http://127.0.0.1:$port" "$admin" "$cp" "$size" \
		"$PER_NODE" "$ROUNDS" "$SECONDS_PER_ROUND" || { tail -40 "$WORK/cp-$size.log" >&2; exit 1; }
	kill "$cp"; wait "$cp" 2>/dev/null || true
done
