#!/usr/bin/env bash
# IPC benchmark: boots images/build/bench under QEMU with -icount shift=0 (1 instruction =
# 1 ns of virtual time) and prints Atoll's figure beside the matching reference line
# from ../shared/bench/REFERENCE.md (beside the project root). Not part of the tests.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
IMAGES=${IMAGES:-$ROOT/images/build}
REFERENCE=${REFERENCE:-$ROOT/../shared/bench/REFERENCE.md}
OUT=$(mktemp "${TMPDIR:-/tmp}/atoll-bench.XXXXXX")
trap 'rm -f "$OUT"' EXIT

qemu-system-aarch64 -M virt -cpu cortex-a57 -m 128M -icount shift=0 -display none -monitor none -nic none \
    -serial "file:$OUT" -kernel "$IMAGES/bench/kernel.img" -initrd "$IMAGES/bench/initrd.cpio" 2>/dev/null &
pid=$!
for _ in $(seq 1 300); do
    grep -aq "bench: done\|bench: FAIL\|KERNEL PANIC" "$OUT" && break
    sleep 0.2
done
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

tr -d "\r" <"$OUT" | grep -aoE "bench: .*" | grep -v "bench: done" | tr -dc "[:print:]\n" >"$OUT.results"
show() { # show PATTERN REFERENCE-PATTERN...
    local line ref
    line=$(grep -a "$1" "$OUT.results" | head -1)
    echo "Atoll:     ${line#bench: }"
    shift
    for ref in "$@"; do echo "Reference: $(grep -a "$ref" "$REFERENCE" | head -1)"; done
    echo
}
show "call-replyrecv-roundtrip same" "Call + ReplyRecv round trip as a user loop" "round trip with the fastpath disabled"
show "call-replyrecv-roundtrip different" "Call + ReplyRecv round trip as a user loop" "Call + ReplyRecv round trip, kernel path"
show "notification signal to a higher-priority waiter, and its wait" "notification signal to a higher-priority waiting thread"
show "notification signal to a higher-priority waiter, one way" "notification signal to a higher-priority waiting thread"
show "unknown-syscall fault"
echo "Reference: none on QEMU in REFERENCE.md; for orientation, seL4 on hardware: a fault round trip about 1,240-1,340 cycles (Cortex-A53/A57)"
grep -aq "FAIL" "$OUT.results" && { grep -a FAIL "$OUT.results"; rm -f "$OUT.results"; exit 1; }
ok=$(grep -ac "instructions" "$OUT.results")
rm -f "$OUT.results"
((ok == 5))
