#!/usr/bin/env bash
# fs benchmark: reading 4 KiB through fs with fs and blk linked into the reader and as tasks
# of their own (images/systems/bench-{linked,split}.conf), under qemu-system-aarch64
# -icount shift=0 (1 instruction = 1 ns of virtual time); prints both figures and the ratio.
# The reference is the other placement, measured in the same run. Not part of the tests.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
IMAGES=${IMAGES:-$ROOT/images/build}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/atoll-fs-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

run() { # run PLACEMENT: echo the instructions per read
    local out=$WORK/$1.out
    : >"$out"
    cp --sparse=always "$IMAGES/disk/fat32.img" "$WORK/$1.img"
    qemu-system-aarch64 -M virt -cpu cortex-a57 -m 128M -icount shift=0 -display none -monitor none -nic none \
        -serial "file:$out" -append "atoll.system=bench-$1" \
        -kernel "$IMAGES/demo/kernel.img" -initrd "$IMAGES/demo/initrd.cpio" \
        -drive "file=$WORK/$1.img,format=raw,if=none,id=disk" -device virtio-blk-device,drive=disk 2>/dev/null &
    local pid=$! deadline=$((SECONDS + 120))
    until grep -aqE "fsbench: (done|FAIL)|KERNEL PANIC" "$out" || ((SECONDS > deadline)); do sleep 0.2; done
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    local line
    line=$(tr -d '\r' <"$out" | grep -aoE "fsbench: (read|FAIL)[^$(printf '\xa5')]*" | head -1 | tr -dc '[:print:]')
    echo "${line#fsbench: }" >"$WORK/$1.line"
    grep -oE ": [0-9]+ instructions" <<<"$line" | grep -oE "[0-9]+"
}

linked=$(run linked)
split=$(run split)
echo "Atoll:     $(cat "$WORK/linked.line")"
echo "Reference: $(cat "$WORK/split.line") (the other placement, same run)"
if [[ -z $linked || -z $split ]]; then echo "fs-bench: no figure" >&2; exit 1; fi
echo "Ratio:     split / linked = $(awk -v s="$split" -v l="$linked" 'BEGIN { printf "%.3f", s / l }')"
