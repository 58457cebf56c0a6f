#!/usr/bin/env bash
# Node agent benchmark: launch-to-Running and launch-to-Ready times through the whole stack
# (control plane, agent, QEMU) over N launches (the image's own configuration, and a system
# revision the agent renders into the initrd), each idle instance's resident memory and CPU, and how many idle
# instances this host holds. Every figure is printed beside a baseline measured in the same
# run: bare QEMU from launch to the first telemetry record on its serial line (no agent,
# no control plane), and the guest memory a naive estimate would assume.
#
# usage: node-agent/bench/capacity.sh [launches (default 20)] [idle instances (default 8)]
# needs: ./mvnw -DskipTests package, make -C images (the demo image), curl, python3, Java 21+
# (JAVA_HOME, else java on the PATH)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
LAUNCHES=${1:-20}
IDLE=${2:-8}
IMAGES=$ROOT/images/build
for file in "$IMAGES/demo/kernel.img" "$IMAGES/demo/initrd.cpio" control-plane/target/atoll-control-plane-*.jar \
	node-agent/target/atoll-node-agent-*.jar; do
	[[ -f $file ]] || { echo "missing $file: run ./mvnw -DskipTests package and make -C images" >&2; exit 1; }
done
WORK=$(mktemp -d /tmp/atoll-bench.XXXXXX)
chmod 755 "$WORK" # embedded PostgreSQL runs as an unprivileged user who must reach it
PIDS=()
cleanup() {
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Median and 95th percentile (nearest rank) of the numbers on stdin.
stats() { sort -n | awk '{v[NR]=$1} END {m=v[int((NR+1)/2)]; p=v[int(NR*0.95+0.999)]; printf "median %d ms, p95 %d ms, n=%d", m, p, NR}'; }
wait_url() {
	for _ in $(seq 1 600); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done
	echo "$1 not up; logs in $WORK" >&2; exit 1
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

echo "host: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(awk '/MemAvailable/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) available"

# --- baseline: bare QEMU, launch to the first telemetry record on its serial line -------
baseline=()
for i in $(seq 1 "$LAUNCHES"); do
	out=$WORK/bare-$i.serial
	: >"$out"
	start=$(now_ms)
	qemu-system-aarch64 -M virt -cpu cortex-a57 -m 128M -nographic -nic none -no-reboot -monitor none \
		-kernel "$IMAGES/demo/kernel.img" -initrd "$IMAGES/demo/initrd.cpio" -serial "file:$out" &
	qemu=$!
	until grep -q -a 'atoll-telemetry 1' "$out"; do sleep 0.005; done
	baseline+=($(($(now_ms) - start)))
	kill -9 "$qemu"; wait "$qemu" 2>/dev/null || true
done

# --- the stack: control plane (embedded PostgreSQL) and one agent ----------------------
cp_port=$(free_port); agent_port=$(free_port)
ADMIN=bench-admin-$RANDOM$RANDOM$RANDOM
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar control-plane/target/atoll-control-plane-*.jar --server.port="$cp_port" \
	--atoll.embedded-postgres.dir="$WORK/postgres" --atoll.nodes.heartbeat-interval=500ms \
	--atoll.auth.admin-token="$ADMIN" >"$WORK/cp.log" 2>&1 &
PIDS+=($!)
wait_url "http://127.0.0.1:$cp_port/actuator/health"
API=http://127.0.0.1:$cp_port/api/v1
join=$(curl -fsS -X POST "$API/tokens" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
	-d '{"name":"bench-agents","role":"join"}' | json 'd["secret"]')
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar node-agent/target/atoll-node-agent-*.jar --server.port="$agent_port" \
	--atoll.agent.control-plane-url="http://127.0.0.1:$cp_port" --atoll.agent.node-name=bench \
	--atoll.agent.join-token="$join" \
	--atoll.agent.images-dir="$IMAGES" --atoll.agent.work-dir="$WORK/agent" \
	--atoll.agent.instance-slots=$((IDLE > 1 ? IDLE : 1)) --atoll.agent.memory-mb=$((IDLE * 128 + 128)) \
	>"$WORK/agent.log" 2>&1 &
PIDS+=($!)
wait_url "http://127.0.0.1:$agent_port/actuator/health"

create() {
	curl -fsS -X POST "$API/instances" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
		-d "{\"name\":\"$1\",\"system\":\"demo\",\"image\":\"demo\",\"memoryMb\":128}" | json 'd["id"]'
}
phase() { curl -fsS -H "Authorization: Bearer $ADMIN" "$API/instances/$1" | json 'd["phase"]'; }
# Ready: the Ready condition holds for the desired generation (every declared task running).
ready() {
	curl -fsS -H "Authorization: Bearer $ADMIN" "$API/instances/$1" |
		json 'd["observedGeneration"] == d["generation"] and any(c["type"] == "Ready" and c["status"] for c in d["conditions"])'
}
# A system like the demo's, through the API: the agent renders it into the initrd's config.
curl -fsS -o /dev/null -X POST "$API/systems" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
	-d '{"name":"bench","spec":{"memoryMb":128,
	     "personalities":[{"name":"svctest","kind":"linux","program":"svctest","memoryBudgetBytes":196608,"uses":["uart"]},
	                      {"name":"counter","kind":"linux","program":"counter","memoryBudgetBytes":131072,"uses":["uart"]}],
	     "services":[{"name":"uart","kind":"uart","priority":200,"memoryBudgetBytes":196608,"devices":["console"],"irqs":[33]}]}}'
create_revision() {
	curl -fsS -X POST "$API/instances" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
		-d "{\"name\":\"$1\",\"system\":\"bench\",\"image\":\"demo\",\"memoryMb\":128,\"systemRevision\":1}" |
		json 'd["id"]'
}
delete() {
	curl -fsS -o /dev/null -X DELETE -H "Authorization: Bearer $ADMIN" "$API/instances/$1"
	while [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ADMIN" "$API/instances/$1") != 404 ]]; do
		sleep 0.05
	done
}

# --- launch to Running (the first telemetry record through the agent) and to Ready (every
# declared task running), for the image's own configuration and for a system revision ---
running=(); ready=(); revision_ready=()
for i in $(seq 1 "$LAUNCHES"); do
	start=$(now_ms)
	id=$(create "bench-launch-$i")
	until [[ $(phase "$id") == Running ]]; do sleep 0.02; done
	running+=($(($(now_ms) - start)))
	until [[ $(ready "$id") == True ]]; do sleep 0.02; done
	ready+=($(($(now_ms) - start)))
	delete "$id"
	start=$(now_ms)
	id=$(create_revision "bench-revision-$i")
	until [[ $(ready "$id") == True ]]; do sleep 0.02; done
	revision_ready+=($(($(now_ms) - start)))
	delete "$id"
done

# --- idle instances side by side: resident memory and CPU each ------------------------
ids=()
for i in $(seq 1 "$IDLE"); do ids+=($(create "bench-idle-$i")); done
for id in "${ids[@]}"; do until [[ $(ready "$id") == True ]]; do sleep 0.1; done; done
sleep 20
rss=(); ticks0=(); pids=()
for id in "${ids[@]}"; do
	pid=$(pgrep -f "atoll-$id" | head -1)
	pids+=("$pid")
	rss+=($(awk '/VmRSS/ {print $2}' "/proc/$pid/status"))
	ticks0+=($(awk '{print $14 + $15}' "/proc/$pid/stat"))
done
sleep 10
cpu=()
for n in "${!pids[@]}"; do
	ticks=$(awk '{print $14 + $15}' "/proc/${pids[$n]}/stat")
	cpu+=($(((ticks - ticks0[n]) * 1000 / 10 / $(getconf CLK_TCK))))   # per mille of a core
done
available_kib=$(awk '/MemAvailable/ {print $2}' /proc/meminfo)
rss_median=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
cpu_median=$(printf '%s\n' "${cpu[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
by_memory=$(((available_kib + IDLE * rss_median) / rss_median))
by_cpu=$((cpu_median > 0 ? $(nproc) * 1000 / cpu_median : 0))

echo
echo "launch to Running (first telemetry record) through control plane + agent: $(printf '%s\n' "${running[@]}" | stats)"
echo "launch to Ready (every declared task running), the image's configuration: $(printf '%s\n' "${ready[@]}" | stats)"
echo "launch to Ready, a system revision rendered into the initrd by the agent: $(printf '%s\n' "${revision_ready[@]}" | stats)"
echo "  baseline, bare QEMU to its first telemetry record: $(printf '%s\n' "${baseline[@]}" | stats)"
echo "idle instance resident memory (VmRSS, $IDLE side by side, 20 s after Ready):" \
	"median $((rss_median / 1024)) MiB, min $(($(printf '%s\n' "${rss[@]}" | sort -n | head -1) / 1024)) MiB," \
	"max $(($(printf '%s\n' "${rss[@]}" | sort -n | tail -1) / 1024)) MiB"
echo "  baseline, the guest memory it was given: 128 MiB"
echo "idle instance CPU: median $cpu_median per mille of a core (over 10 s)"
echo "idle instances this host holds: $by_memory by memory (MemAvailable + what the $IDLE use, / median RSS)," \
	"${by_cpu:-unbounded} by CPU ($(nproc) cores / median idle CPU)"
echo "  baseline, by guest memory alone: $(((available_kib + IDLE * rss_median) / (128 * 1024)))"
