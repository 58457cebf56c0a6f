#!/usr/bin/env bash
# Boot test: boots the images in images/build under QEMU and checks the serial output.
#
# Every case boots one QEMU (killed when its output is complete, or after TIMEOUT
# seconds), then checks the raw serial bytes: the kernel's plain-text lines, and the
# root task's frames (docs/frame-format.md), decoded and CRC-checked here in bash.
# Prints "PASS name" / "FAIL name: reason" per case, then "N passed, N failed".
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
IMAGES=${IMAGES:-$ROOT/images/build}
QEMU=${QEMU:-qemu-system-aarch64}
TIMEOUT=${TIMEOUT:-20}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/atoll-boot-test.XXXXXX")
QEMU_PID=
PASSED=0
FAILED=0

cleanup() {
    if [[ -n $QEMU_PID ]]; then kill "$QEMU_PID" 2>/dev/null; wait "$QEMU_PID" 2>/dev/null; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass() { echo "PASS $1"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL $1: $2"; FAILED=$((FAILED + 1)); }

# settle OUT: a match may be inside a frame still being written (a byte per system call, slow
# on a loaded host): wait until a whole frame's worth (1034 bytes) has followed the last byte
# present now, or the output has stopped growing for 0.4 s, at most 5 s.
settle() {
    local out=$1 start size last=-1 i
    start=$(stat -c %s "$out")
    for ((i = 0; i < 25; i++)); do
        size=$(stat -c %s "$out")
        ((size >= start + 1034)) && return 0
        ((size == last)) && ((i >= 2)) && return 0
        last=$size
        sleep 0.2
    done
    return 0
}

# boot OUT UNTIL_REGEX QEMU-ARGS...: run QEMU with its serial line in OUT until OUT
# matches UNTIL_REGEX (grep -E, on raw bytes) and, if set, $ALSO_UNTIL, or TIMEOUT seconds
# pass; always kills it. With $INPUT (a command) the serial line is a pipe (OUT.pipe.in/.out):
# once OUT matches $READY, INPUT's output goes to the guest, and only then UNTIL_REGEX counts.
boot() {
    local out=$1 until=$2 serial=(-serial "file:$1") pipe=$1.pipe sent=1 cat_pid=
    shift 2
    : >"$out"
    if [[ -n ${INPUT:-} ]]; then
        mkfifo "$pipe.in" "$pipe.out"
        serial=(-chardev "pipe,id=serial,path=$pipe" -serial chardev:serial)
        sent=0
    fi
    "$QEMU" -cpu cortex-a57 -display none -monitor none -nic none "${serial[@]}" "$@" \
        >"$out.qemu" 2>&1 &
    QEMU_PID=$!
    if [[ -n ${INPUT:-} ]]; then
        cat "$pipe.out" >"$out" &
        cat_pid=$!
    fi
    local deadline=$((SECONDS + TIMEOUT))
    while ((SECONDS < deadline)); do
        if ((!sent)) && grep -aqE "$READY" "$out"; then
            $INPUT >"$pipe.in"
            sent=1
        fi
        ((sent)) && grep -aqE "$until" "$out" && { [[ -z ${ALSO_UNTIL:-} ]] || grep -aqE "$ALSO_UNTIL" "$out"; } && settle "$out" && break
        kill -0 "$QEMU_PID" 2>/dev/null || break
        sleep 0.2
    done
    kill "$QEMU_PID" 2>/dev/null
    wait "$QEMU_PID" 2>/dev/null
    QEMU_PID=
    [[ -z $cat_pid ]] || wait "$cat_pid" 2>/dev/null
}

# --- frame decoder (docs/frame-format.md v1) ------------------------------------------
CRC_TABLE=()
for ((n = 0; n < 256; n++)); do
    c=$n
    for ((k = 0; k < 8; k++)); do
        if ((c & 1)); then c=$(((c >> 1) ^ 0xEDB88320)); else c=$((c >> 1)); fi
    done
    CRC_TABLE[n]=$c
done

# decode_frames RAW DIR: writes the payload of every frame with a good CRC to
# DIR/<index>.<channel> and the bytes outside frames (the kernel's lines, CRs removed)
# to DIR/kernel.txt; sets FRAMES_GOOD and FRAMES_CORRUPT.
decode_frames() {
    local raw=$1 dir=$2 B n i j len crc want outside=0
    mkdir -p "$dir"
    mapfile -t B < <(od -An -v -tu1 -w1 "$raw" | tr -d ' ')
    n=${#B[@]}
    i=0
    FRAMES_GOOD=0
    FRAMES_CORRUPT=0
    while ((i + 10 <= n)); do
        if ((B[i] != 0xA5 || B[i + 1] != 0x5A)); then
            i=$((i + 1))
            continue
        fi
        len=$((B[i + 4] | B[i + 5] << 8))
        if ((B[i + 2] != 1 || len > 1024)); then
            FRAMES_CORRUPT=$((FRAMES_CORRUPT + 1))
            i=$((i + 2))
            continue
        fi
        ((i + 10 + len <= n)) || break # incomplete frame at the end of the capture
        crc=0xFFFFFFFF
        for ((j = i + 2; j < i + 6 + len; j++)); do
            crc=$(((crc >> 8) ^ CRC_TABLE[(crc ^ B[j]) & 0xFF]))
        done
        crc=$((crc ^ 0xFFFFFFFF))
        j=$((i + 6 + len))
        want=$((B[j] | B[j + 1] << 8 | B[j + 2] << 16 | B[j + 3] << 24))
        if ((crc != want)); then
            FRAMES_CORRUPT=$((FRAMES_CORRUPT + 1))
            i=$((i + 2))
            continue
        fi
        dd if="$raw" of="$dir/$FRAMES_GOOD.${B[i + 3]}" bs=1 skip=$((i + 6)) count="$len" status=none
        dd if="$raw" bs=1 skip="$outside" count=$((i - outside)) status=none >>"$dir/kernel.raw"
        FRAMES_GOOD=$((FRAMES_GOOD + 1))
        i=$((i + 10 + len))
        outside=$i
    done
    dd if="$raw" bs=1 skip="$outside" status=none >>"$dir/kernel.raw"
    tr -d '\r' <"$dir/kernel.raw" >"$dir/kernel.txt"
}

# channel_text DIR CH: the payloads of channel CH in order, concatenated.
channel_text() {
    local f
    for f in $(ls "$1" | grep "\.$2\$" | sort -n); do cat "$1/$f"; done
}

# --- checks --------------------------------------------------------------------------
# check_demo NAME RAW EL MIB: everything a healthy demo boot shows. Echoes the first problem.
check_demo() {
    local name=$1 raw=$2 el=$3 mib=$4 dir=$WORK/$1.frames
    local initrd_size
    initrd_size=$(stat -c %s "$IMAGES/demo/initrd.cpio")
    grep -aqE "KERNEL (PANIC|FAULT)" "$raw" && { echo "kernel panicked: $(grep -aE -A3 'KERNEL (PANIC|FAULT)' "$raw" | tr -d '\r' | head -4 | tr '\n' ' ')"; return; }
    grep -aq "Atoll kernel 0.1 (aarch64) booting, entered at EL$el" "$raw" || { echo "no 'entered at EL$el' boot line"; return; }
    grep -aqE "^memory: 0x40000000-0x[0-9a-f]+ \\($mib MiB\\)" "$raw" || { echo "no 'memory: ... ($mib MiB)' line"; return; }
    grep -aqE "^initrd: 0x[0-9a-f]+-0x[0-9a-f]+ \\($initrd_size bytes\\)" "$raw" || { echo "no 'initrd: ... ($initrd_size bytes)' line"; return; }
    grep -aqE "^root task: entry 0x[0-9a-f]+, [0-9]+ frames" "$raw" || { echo "no 'root task: entry' line"; return; }
    decode_frames "$raw" "$dir"
    ((FRAMES_CORRUPT == 0)) || { echo "$FRAMES_CORRUPT corrupt frames"; return; }
    channel_text "$dir" 0 | grep -aqE "^Atoll root task 0\\.1: bootinfo at 0x[0-9a-f]+, [0-9]+ untyped regions" || { echo "no root task banner in a system-channel frame"; return; }
    local tele
    tele=$(channel_text "$dir" 1)
    grep -aq "^atoll-telemetry 1 seq=0 uptime_ms=[0-9]*$" <<<"$tele" || { echo "no telemetry record seq=0 on channel 1"; return; }
    grep -aq "^atoll-telemetry 1 seq=1 uptime_ms=[0-9]*$" <<<"$tele" || { echo "no telemetry record seq=1 on channel 1"; return; }
    local task
    task=$(grep -a "^task " <<<"$tele" | head -1)
    [[ $task =~ ^task\ name=root\ kind=root\ state=running\ prio=255\ mem_used=([0-9]+)\ mem_budget=([0-9]+)(\ .*)?$ ]] || { echo "bad task line: $task"; return; }
    local used=${BASH_REMATCH[1]} budget=${BASH_REMATCH[2]}
    # mem_used = image frames + bootinfo + extra bootinfo + IPC buffer, as the kernel reported them.
    local frames extra free
    frames=$(grep -aoE "^root task: entry 0x[0-9a-f]+, [0-9]+ frames" "$raw" | grep -oE "[0-9]+ frames" | cut -d' ' -f1)
    extra=$(grep -aoE "extra bootinfo [0-9]+ bytes" "$raw" | grep -oE "[0-9]+")
    free=$(grep -aoE "[0-9]+ bytes of free RAM" "$raw" | cut -d' ' -f1)
    ((used == frames * 4096 + extra + 8192)) || { echo "mem_used=$used, kernel gave $frames frames + $extra extra + 8192"; return; }
    ((budget == used + free)) || { echo "mem_budget=$budget, expected mem_used + $free free"; return; }
}

case_demo() {
    local name=$1 el=$2 mib=$3 machine=$4 raw=$WORK/$1.out problem
    boot "$raw" "atoll-telemetry 1 seq=1 |KERNEL (PANIC|FAULT)" -M "$machine" -m "${mib}M" \
        -kernel "$IMAGES/demo/kernel.img" -initrd "$IMAGES/demo/initrd.cpio"
    problem=$(check_demo "$name" "$raw" "$el" "$mib")
    local gic=v2
    [[ $machine == *gic-version=3* ]] && gic=v3
    [[ -z $problem ]] && ! grep -aq "^gic: $gic, distributor 0x8000000" "$raw" && problem="no 'gic: $gic' boot line"
    if [[ -z $problem ]]; then pass "$name"; else fail "$name" "$problem"; fi
}

# case_boottest ENDING KERNEL_LINE_REGEX UNTIL: boot the boottest image, which checks a few
# kernel services (its "boottest: PASS" lines), then ends as atoll.boottest=ENDING says;
# the kernel must print KERNEL_LINE_REGEX and, for a fault, stay alive and go idle.
case_boottest() {
    local ending=$1 expect=$2 until=$3 name=boottest-$1 raw=$WORK/boottest-$1.out dir=$WORK/boottest-$1.frames
    boot "$raw" "$until|KERNEL (PANIC|FAULT)" -M virt -m 128M -append "atoll.boottest=$ending" \
        -kernel "$IMAGES/boottest/kernel.img" -initrd "$IMAGES/boottest/initrd.cpio"
    decode_frames "$raw" "$dir"
    local log
    log=$(channel_text "$dir" 0)
    if grep -aqE "KERNEL (PANIC|FAULT)" "$raw"; then
        fail "$name" "kernel panicked instead of stopping the task"
    elif ((FRAMES_CORRUPT > 0)); then
        fail "$name" "$FRAMES_CORRUPT corrupt frames"
    elif ! grep -aq "^Atoll root task 0.1: bootinfo at" <<<"$log"; then
        fail "$name" "no root task banner"
    elif grep -aq "^boottest: FAIL" <<<"$log"; then
        fail "$name" "$(grep -a '^boottest: FAIL' <<<"$log" | head -1)"
    elif [[ $(grep -ac "^boottest: PASS" <<<"$log") -lt 5 ]]; then
        fail "$name" "expected 5 'boottest: PASS' lines, got $(grep -ac '^boottest: PASS' <<<"$log")"
    elif ! grep -aq "^boottest: 0 failed; ending with $ending$" <<<"$log"; then
        fail "$name" "the task did not reach its ending"
    elif ! grep -aqE "^$expect$" "$dir/kernel.txt"; then
        fail "$name" "no kernel line matching: $expect"
    elif [[ $until == *idle* ]] && ! grep -aq "^kernel: no runnable task, idle$" "$dir/kernel.txt"; then
        fail "$name" "kernel did not go idle after the fault"
    else
        pass "$name"
    fi
}

# case_ktest NAME MACHINE [BOOTARGS]: boot the kernel test root task (kernel/tests/ktest.c);
# each of its named cases becomes a PASS/FAIL line "NAME-<case>" here, and its summary must
# account for all of them. BOOTARGS (ktest.only=, ktest.hostile_calls=) go to -append.
case_ktest() {
    local prefix=$1 machine=$2 args=${3:-} raw=$WORK/$1.out dir=$WORK/$1.frames log line name
    boot "$raw" "ktest: [0-9]+ passed, [0-9]+ failed|KERNEL (PANIC|FAULT)" -M "$machine" -m 128M \
        -append "$args" -kernel "$IMAGES/ktest/kernel.img" -initrd "$IMAGES/ktest/initrd.cpio"
    decode_frames "$raw" "$dir"
    log=$(channel_text "$dir" 0)
    local cases ran=0
    cases=$(grep -aoE "^ktest: [0-9]+ cases$" <<<"$log" | grep -oE "[0-9]+")
    while IFS= read -r line; do
        [[ $line =~ ^ktest:\ (PASS|FAIL)\ ([A-Z]+[0-9]+)\ ?([^:]*)(:\ (.*))?$ ]] || continue
        name="$prefix-${BASH_REMATCH[2]} ${BASH_REMATCH[3]}"
        ran=$((ran + 1))
        if [[ ${BASH_REMATCH[1]} == PASS ]]; then pass "$name"; else fail "$name" "${BASH_REMATCH[5]}"; fi
    done <<<"$log"
    grep -a "^ktest: hostile: " <<<"$log" | sed "s/^ktest: /  $prefix /"
    if grep -aqE "KERNEL (PANIC|FAULT)" "$raw"; then
        fail "$prefix" "kernel panicked: $(grep -aE -A2 'KERNEL (PANIC|FAULT)' "$raw" | tr -d '\r' | head -3 | tr '\n' ' ')"
    elif ((FRAMES_CORRUPT > 0)); then
        fail "$prefix" "$FRAMES_CORRUPT corrupt frames"
    elif [[ -z $cases ]] || ((ran != cases)); then
        fail "$prefix" "expected ${cases:-?} cases, saw $ran"
    elif ! grep -aqE "^ktest: $ran passed, 0 failed$|^ktest: [0-9]+ passed, [1-9][0-9]* failed$" <<<"$log"; then
        fail "$prefix" "no summary line"
    fi
}

# The node agent appends a second cpio archive (the boot configuration): the kernel must
# walk past the first TRAILER!!! and its padding. Here "root" is in the second archive.
case_concatenated_initrd() {
    local name=initrd-concatenated-archives raw=$WORK/concat.out stage=$WORK/concat
    mkdir -p "$stage" && echo "boot-config 1" >"$stage/config"
    (cd "$stage" && echo config | cpio --quiet -o -H newc >"$WORK/first.cpio")
    cat "$WORK/first.cpio" "$IMAGES/demo/initrd.cpio" >"$WORK/concat.cpio"
    boot "$raw" "atoll-telemetry 1 seq=0 |KERNEL (PANIC|FAULT)" -M virt -m 128M \
        -kernel "$IMAGES/demo/kernel.img" -initrd "$WORK/concat.cpio"
    if grep -aq "atoll-telemetry 1 seq=0 " "$raw"; then pass "$name"; else fail "$name" "root task did not start: $(tr -d '\r' <"$raw" | grep -a 'PANIC' | head -1)"; fi
}

case_missing_root() {
    local name=initrd-without-root raw=$WORK/noroot.out stage=$WORK/noroot
    mkdir -p "$stage" && echo "not a root task" >"$stage/other"
    (cd "$stage" && echo other | cpio --quiet -o -H newc >"$WORK/noroot.cpio")
    boot "$raw" "kernel: halted" -M virt -m 128M -kernel "$IMAGES/demo/kernel.img" -initrd "$WORK/noroot.cpio"
    if grep -aq 'KERNEL PANIC: initrd: cannot find member "root": member not found' "$raw"; then pass "$name"; else fail "$name" "no clear panic message"; fi
}

case_not_elf() {
    local name=root-not-an-elf raw=$WORK/notelf.out stage=$WORK/notelf
    mkdir -p "$stage" && head -c 4096 /dev/zero >"$stage/root"
    (cd "$stage" && echo root | cpio --quiet -o -H newc >"$WORK/notelf.cpio")
    boot "$raw" "kernel: halted" -M virt -m 128M -kernel "$IMAGES/demo/kernel.img" -initrd "$WORK/notelf.cpio"
    if grep -aq "KERNEL PANIC: root task: invalid ELF (4096 bytes): bad magic" "$raw"; then pass "$name"; else fail "$name" "no clear panic message"; fi
}

# No DTB at all (a raw load with x0 = 0): the kernel must say so on the default UART.
case_no_dtb() {
    local name=no-dtb-clear-message raw=$WORK/nodtb.out
    boot "$raw" "kernel: halted" -M virt -m 128M \
        -device "loader,file=$IMAGES/demo/kernel.img,addr=0x40200000,cpu-num=0"
    if grep -aq "KERNEL PANIC: bad DTB at 0x0: no DTB address" "$raw"; then pass "$name"; else fail "$name" "no 'bad DTB' message: $(tr -d '\r' <"$raw" | head -c 300)"; fi
}

# --- user space: the system the root task builds from a boot configuration ---------------
# (personalities/root, docs/boot-config.md; atoll.system=NAME picks images/systems/NAME.conf)

# console_of DIR WORD: the text of the console channel (2..255) whose frames mention WORD.
console_of() {
    local ch
    for ch in $(ls "$1" | grep -oE '\.[0-9]+$' | tr -d . | sort -un); do
        ((ch >= 2)) || continue
        if channel_text "$1" "$ch" | grep -aq "$2"; then channel_text "$1" "$ch"; return; fi
    done
}

# boot_system NAME APPEND UNTIL: boot the demo image with APPEND and a fresh copy of the test
# disk ($WORK/NAME.img, a virtio-blk device); decode into $WORK/NAME.frames.
boot_system() {
    local raw=$WORK/$1.out
    cp --sparse=always "$IMAGES/disk/fat32.img" "$WORK/$1.img"
    boot "$raw" "$3|KERNEL (PANIC|FAULT)" -M virt -m 128M -append "$2" \
        -kernel "$IMAGES/demo/kernel.img" -initrd "${INITRD:-$IMAGES/demo/initrd.cpio}" \
        -drive "file=$WORK/$1.img,format=raw,if=none,id=disk" -device virtio-blk-device,drive=disk
    decode_frames "$raw" "$WORK/$1.frames"
    if grep -aqE "KERNEL (PANIC|FAULT)" "$raw"; then echo "kernel panicked"; return; fi
    ((FRAMES_CORRUPT == 0)) || echo "$FRAMES_CORRUPT corrupt frames"
}

# case_services SYSTEM: the service test program (console and fs) passes, whatever the split,
# and what it wrote through fs is on the disk as the host reads it (mtools).
case_services() {
    local name=services-$1 dir=$WORK/services-$1.frames problem out tele
    problem=$(ALSO_UNTIL="svctest: [0-9]+ passed" boot_system "services-$1" "atoll.system=$1" "atoll-telemetry 1 seq=1 ")
    out=$(console_of "$dir" "svctest:")
    tele=$(channel_text "$dir" 1)
    if [[ -n $problem ]]; then fail "$name" "$problem"
    elif ! channel_text "$dir" 0 | grep -aq "^system: builtin:$1 accepted:"; then fail "$name" "configuration not accepted: $(channel_text "$dir" 0 | tail -1)"
    elif grep -aq "^svctest: FAIL" <<<"$out"; then fail "$name" "$(grep -a '^svctest: FAIL' <<<"$out" | head -1)"
    elif ! grep -aq "^svctest: 12 passed, 0 failed$" <<<"$out"; then fail "$name" "no 'svctest: 12 passed, 0 failed' on its console"
    elif [[ $(mtype -i "$WORK/services-$1.img" ::OUT.TXT 2>&1 | head -1) != "written by svctest through fs" ]]; then fail "$name" "OUT.TXT on the disk: $(mtype -i "$WORK/services-$1.img" ::OUT.TXT 2>&1 | head -c 80)"
    elif ! grep -aqE "^task name=svctest kind=program state=running prio=100 mem_used=[0-9]+ mem_budget=[0-9]+ " <<<"$tele"; then fail "$name" "no telemetry line for svctest (task lines: $(grep -ac '^task ' <<<"$tele"), records: $(grep -ac '^atoll-telemetry' <<<"$tele"))"
    else
        # svctest used up its budget (budget-exhausted): the last record says so, to within
        # one TCB (2 KiB) that no longer fit.
        local last used budget
        last=$(grep -a "^task name=svctest " <<<"$tele" | tail -1)
        used=$(grep -oE "mem_used=[0-9]+" <<<"$last" | cut -d= -f2)
        budget=$(grep -oE "mem_budget=[0-9]+" <<<"$last" | cut -d= -f2)
        # blk as its own task sleeps on its interrupt: a few system calls a request (a Recv,
        # the wait, the Ack), where polling took thousands.
        local blk calls requests
        blk=$(grep -a "^task name=blk " <<<"$tele" | tail -1)
        calls=$(grep -oE " syscalls=[0-9]+" <<<"$blk" | cut -d= -f2)
        requests=$(grep -oE " ipc_recv=[0-9]+" <<<"$blk" | cut -d= -f2)
        if ((used > budget || budget - used >= 2048)); then fail "$name" "svctest mem_used=$used of $budget after exhausting its budget"
        elif [[ -n $blk ]] && ((calls > 4 * requests + 16)); then fail "$name" "blk made $calls system calls for $requests requests (polling, not its interrupt?)"
        else pass "$name"; fi
    fi
}

# case_invalid SYSTEM CODE MESSAGE [LINE]: the configuration is rejected, saying why, in the log
# (and LINE before it) and in telemetry.
case_invalid() {
    local name=config-$1 dir=$WORK/config-$1.frames problem
    problem=$(boot_system "config-$1" "atoll.system=$1" "config state=rejected")
    if [[ -n $problem ]]; then fail "$name" "$problem"
    elif ! channel_text "$dir" 0 | grep -aqF "boot config builtin:$1 rejected: $3"; then fail "$name" "no rejection message '$3': $(channel_text "$dir" 0 | tail -1)"
    elif ! channel_text "$dir" 1 | grep -aq "^config state=rejected error=$2$"; then fail "$name" "no telemetry 'config state=rejected error=$2'"
    elif [[ -n ${4:-} ]] && ! channel_text "$dir" 0 | grep -aqF "$4"; then fail "$name" "no '$4' in the log"
    else pass "$name"; fi
}

# case_initrd_config NAME FILE EXPECT: the boot configuration appended to the initrd as the
# cpio member "config" (as the node agent does) is the one the root task uses; EXPECT is the
# system-log line it must print about it.
case_initrd_config() {
    local name=$1 stage=$WORK/$1.stage dir=$WORK/$1.frames problem
    mkdir -p "$stage" && cp "$2" "$stage/config"
    (cd "$stage" && echo config | cpio --quiet -o -H newc >"$WORK/$1.cfg.cpio")
    cat "$IMAGES/demo/initrd.cpio" "$WORK/$1.cfg.cpio" >"$WORK/$1.cpio"
    problem=$(INITRD=$WORK/$1.cpio boot_system "$1" "atoll.system=demo" "svctest: [0-9]+ passed|config state=rejected")
    if [[ -n $problem ]]; then fail "$name" "$problem"
    elif ! channel_text "$dir" 0 | grep -aqF "$3"; then fail "$name" "no '$3' in the log: $(channel_text "$dir" 0 | tail -1)"
    elif [[ $3 == *accepted* ]] && ! console_of "$dir" "svctest:" | grep -aq "^svctest: 12 passed, 0 failed$"; then fail "$name" "svctest did not pass"
    else pass "$name"; fi
}

# case_bad_elf: a task's ELF (the initrd member bin/NAME) that is there but is no loadable ELF
# rejects the configuration, naming the task, the ELF and what is wrong with it.
case_bad_elf() {
    local name=config-bad-elf stage=$WORK/bad-elf.stage dir=$WORK/config-bad-elf.frames problem
    local want="boot config initrd:config rejected: junk: ELF 'junk' cannot be loaded: bad magic (not an ELF file)"
    mkdir -p "$stage/bin" && head -c 4096 /dev/zero >"$stage/bin/junk"
    printf 'atoll-boot-config 1\nservice uart elf=uart placement=task prio=200 mem=128K devices=console\ntask junk elf=junk prio=100 mem=128K uses=uart\n' >"$stage/config"
    (cd "$stage" && printf 'config\nbin/junk\n' | cpio --quiet -o -H newc >"$WORK/bad-elf.cfg.cpio")
    cat "$IMAGES/demo/initrd.cpio" "$WORK/bad-elf.cfg.cpio" >"$WORK/bad-elf.cpio"
    problem=$(INITRD=$WORK/bad-elf.cpio boot_system config-bad-elf "" "config state=rejected")
    if [[ -n $problem ]]; then fail "$name" "$problem"
    elif ! channel_text "$dir" 0 | grep -aqF "$want"; then fail "$name" "no '$want': $(channel_text "$dir" 0 | tail -1)"
    elif ! channel_text "$dir" 1 | grep -aq "^config state=rejected error=bad-elf$"; then fail "$name" "no telemetry 'config state=rejected error=bad-elf'"
    else pass "$name"; fi
}

# case_restart_reclaim: a restart gives a task back its own allocations. selfalloc retypes 8
# frames and 4 endpoints from its budget and faults; restarted, it gets the same objects in the
# same slots (its CSpace from slot 48 up emptied, its untypeds revoked), and telemetry's
# mem_used for it comes back to the same figure, not twice the allocation.
case_restart_reclaim() {
    local name=restart-reclaim dir=$WORK/selfalloc.frames problem log runs tele used0 used1 want
    problem=$(ALSO_UNTIL="selfalloc faulted[^;]*; stopped after 1 restarts" boot_system selfalloc "atoll.system=selfalloc" "atoll-telemetry 1 seq=5 ")
    log=$(channel_text "$dir" 0)
    want="selfalloc: 8 frames, 4 endpoints in slots 48..59 (error 0)"
    runs=$(console_of "$dir" "selfalloc:" | grep -a "^selfalloc: " | sort | uniq -c | tr -s ' ')
    tele=$(channel_text "$dir" 1 | grep -a "^task name=selfalloc ")
    used0=$(grep -aE " restarts=0$" <<<"$tele" | grep -oE "mem_used=[0-9]+" | cut -d= -f2 | sort -n | tail -1)
    used1=$(grep -aE " restarts=1$" <<<"$tele" | grep -oE "mem_used=[0-9]+" | cut -d= -f2 | sort -n | tail -1)
    if [[ -n $problem ]]; then fail "$name" "$problem"
    elif ! grep -aq "^supervisor: restarted selfalloc (1 of 1)$" <<<"$log"; then fail "$name" "selfalloc not restarted"
    elif ! grep -aqE "^supervisor: selfalloc faulted \(VMFault pc=0x[0-9a-f]+ addr=0x18\); stopped after 1 restarts$" <<<"$log"; then fail "$name" "selfalloc's second run did not fault and stop"
    elif [[ $runs != " 2 $want" ]]; then fail "$name" "not '$want' at both starts: $(tr '\n' '|' <<<"$runs")"
    elif [[ -z $used0 || -z $used1 ]]; then fail "$name" "no telemetry for selfalloc before and after its restart"
    elif ((used0 != used1)); then fail "$name" "mem_used $used0 before the restart, $used1 after"
    else pass "$name (mem_used $used0 before and after the restart)"; fi
}

# case_console_lock: the supervisor frees the console lock for a task that faults holding it
# (lockhold, twice: its restart and its stop are logged, telemetry goes on after), and never
# under another holder (liar faults claiming the lock in its environment while lockhold holds
# it: no frame reaches the line between lockhold's "holding" and "letting go").
case_console_lock() {
    local name=console-lock dir=$WORK/console-lock.frames problem log f text inside=0 between=0 stopped=0 after=0
    problem=$(ALSO_UNTIL="stopped after 1 restarts" boot_system console-lock "atoll.system=console-lock" "atoll-telemetry 1 seq=3 ")
    log=$(channel_text "$dir" 0)
    for f in $(ls "$dir" | grep -E '^[0-9]+\.[0-9]+$' | sort -n); do
        text=$(tr -d '\0' <"$dir/$f")
        case $text in
        "lockhold: holding the console lock") inside=1 ;;
        "lockhold: letting go of the console lock") inside=0 ;;
        *)
            ((inside)) && between=$((between + 1))
            [[ $text == *"lockhold faulted"*"stopped after 1 restarts"* ]] && stopped=1
            ((stopped)) && [[ $text == "atoll-telemetry 1 seq="* ]] && after=1 ;;
        esac
    done
    local pc="VMFault pc=0x[0-9a-f]+"
    if [[ -n $problem ]]; then fail "$name" "$problem"
    elif ((between > 0)); then fail "$name" "$between frames reached the line while lockhold held the console lock"
    elif ! grep -aqE "^supervisor: liar faulted \($pc addr=0x20\); stopped after 0 restarts$" <<<"$log"; then fail "$name" "no fault report for liar (or it was said to hold the lock)"
    elif ! grep -aqE "^supervisor: lockhold faulted \($pc addr=0x10\) holding the console lock; restart 1 of 1 in 100 ms$" <<<"$log"; then fail "$name" "no report of lockhold faulting with the lock"
    elif ! grep -aq "^supervisor: restarted lockhold (1 of 1)$" <<<"$log"; then fail "$name" "lockhold not restarted"
    elif ((stopped == 0)); then fail "$name" "no report of lockhold stopping with the lock"
    elif ((after == 0)); then fail "$name" "no telemetry after lockhold stopped"
    elif [[ $(console_of "$dir" "lockhold:" | grep -a "^lockhold: data" | sort | uniq -c | tr -s ' ') != " 2 lockhold: data 7, bss 0" ]]; then
        fail "$name" "lockhold's data and bss not fresh at each start: $(console_of "$dir" "lockhold:" | grep -a '^lockhold: data' | tr '\n' ' ')"
    else pass "$name"; fi
}

# case_elf_kind: a program's ELF declared a service (and a service's declared a task) says so
# and stops: its supervisor reports it, nothing hangs.
case_elf_kind() {
    local name=config-elf-kind stage=$WORK/elf-kind.stage dir=$WORK/elf-kind.frames problem log
    mkdir -p "$stage"
    printf 'atoll-boot-config 1\nservice uart elf=counter placement=task prio=200 mem=128K devices=console\ntask svctest elf=uart prio=100 mem=128K uses=uart\n' >"$stage/config"
    (cd "$stage" && echo config | cpio --quiet -o -H newc >"$WORK/elf-kind.cfg.cpio")
    cat "$IMAGES/demo/initrd.cpio" "$WORK/elf-kind.cfg.cpio" >"$WORK/elf-kind.cpio"
    problem=$(ALSO_UNTIL="supervisor: uart faulted" INITRD=$WORK/elf-kind.cpio boot_system elf-kind "" "supervisor: svctest faulted")
    log=$(channel_text "$dir" 0)
    if [[ -n $problem ]]; then fail "$name" "$problem"
    elif ! grep -aq "^uart: its ELF is a program's, but it was declared a service$" <<<"$log"; then fail "$name" "no message for uart"
    elif ! grep -aq "^svctest: its ELF is a service's, but it was declared a task$" <<<"$log"; then fail "$name" "no message for svctest"
    elif ! grep -aqE "^supervisor: uart faulted \(CapFault pc=0x[0-9a-f]+ cptr=0x0\); stopped after 0 restarts$" <<<"$log"; then fail "$name" "uart not reported stopped"
    else pass "$name"; fi
}

# case_isolation: a task reading another task's memory (the first task's environment) faults:
# its VSpace maps only its own ELF and its own pages.
case_isolation() {
    local name=task-own-vspace dir=$WORK/isolation.frames problem addr
    problem=$(boot_system isolation "atoll.system=isolation" "isolation faulted|supervisor: isolation")
    addr=$(console_of "$dir" "isolation:" | grep -aoE "memory at 0x[0-9a-f]+" | cut -d' ' -f3)
    if [[ -n $problem ]]; then fail "$name" "$problem"
    elif [[ -z $addr ]]; then fail "$name" "the task did not start"
    elif console_of "$dir" "isolation:" | grep -aq "FAIL"; then fail "$name" "the task read another task's memory"
    elif ! channel_text "$dir" 0 | grep -aqE "^supervisor: isolation faulted \(VMFault pc=0x[0-9a-f]+ addr=$addr\); stopped after 0 restarts$"; then fail "$name" "no VMFault at $addr reported"
    else pass "$name"; fi
}

# case_supervision: the uart task is faulted on purpose; it is restarted after its backoff, its
# client sees errors and then recovers, the counter task keeps counting, and telemetry counts it.
case_supervision() {
    local name=supervision-restart dir=$WORK/supervision.frames problem log f fault_at=0 restart_at=0 before=0 after=0 n
    problem=$(ALSO_UNTIL="faults=1 restarts=1 mem_used" boot_system supervision "atoll.system=split atoll.kill=uart@2500" "svctest: recovered after")
    log=$(channel_text "$dir" 0)
    for f in $(ls "$dir" | grep '\.0$' | sort -n); do
        grep -aq "^supervisor: uart faulted" "$dir/$f" && fault_at=${f%%.*}
        grep -aq "^supervisor: restarted uart" "$dir/$f" && restart_at=${f%%.*}
    done
    # The counter's console frames: the last value before the fault and the first after the restart.
    local counter_ch
    counter_ch=$(for f in $(ls "$dir"); do grep -aq "^counter [0-9]" "$dir/$f" && echo "${f##*.}"; done | head -1)
    for f in $(ls "$dir" | grep "\.${counter_ch:-x}\$" | sort -n); do
        n=$(grep -aoE "^counter [0-9]+" "$dir/$f" | cut -d' ' -f2)
        ((${f%%.*} < fault_at)) && before=$n
        ((${f%%.*} > restart_at && after == 0)) && after=$n
    done
    if [[ -n $problem ]]; then fail "$name" "$problem"
    elif ! grep -aqE "^supervisor: uart faulted \(VMFault pc=0xdead0000 addr=0xdead0000\); restart 1 of 3 in 500 ms$" <<<"$log"; then fail "$name" "no fault report for uart"
    elif ! grep -aq "^supervisor: restarted uart (1 of 3)$" <<<"$log"; then fail "$name" "uart not restarted"
    elif ! console_of "$dir" "svctest:" | grep -aqE "^svctest: recovered after [1-9][0-9]* failed calls \(last status 0x5e01\)$"; then fail "$name" "svctest did not report failed calls and recover"
    elif ((before == 0 || after <= before)); then fail "$name" "counter did not advance across the restart ($before, then $after)"
    else pass "$name"; fi
    # Telemetry after the restart counts exactly the one fault and the one restart.
    local tele
    tele=$(channel_text "$dir" 1 | grep -aE "^task name=uart .* faults=1 restarts=1$" | head -1)
    if [[ -z $tele ]]; then fail telemetry-counts "no uart line with faults=1 restarts=1"
    elif ! channel_text "$dir" 1 | grep -aqE "^total tasks=6 .* faults=1 restarts=1 mem_used=[0-9]+$"; then fail telemetry-counts "no total line with faults=1 restarts=1"
    elif ! channel_text "$dir" 1 | grep -aqE "^endpoint name=uart server=uart clients=svctest,counter messages=[1-9][0-9]*$"; then fail telemetry-counts "no endpoint line for uart"
    else pass telemetry-counts; fi
}

# case_discovery: `discover` finds uart (a task: a cap transferred to it) and fs (linked) at run
# time and calls both; an unknown name, a task's name, a service outside its `uses` and a bad
# slot get their seL4 errors; uart is faulted on purpose and, restarted, found again and working.
case_discovery() {
    local name=discovery dir=$WORK/discovery.frames problem out
    problem=$(boot_system discovery "atoll.system=discover atoll.kill=uart@2500" "discover: recovered after")
    out=$(console_of "$dir" "discover:")
    if [[ -n $problem ]]; then fail "$name" "$problem"; return; fi
    if grep -aq "^discover: FAIL" <<<"$out"; then fail "$name" "$(grep -a '^discover: FAIL' <<<"$out" | head -1)"
    elif ! grep -aq "^discover: 8 passed, 0 failed$" <<<"$out"; then fail "$name" "no 'discover: 8 passed, 0 failed' on its console"
    elif ! grep -aq "^discover: written through the discovered uart$" <<<"$out"; then fail "$name" "no line written through the discovered uart"
    elif ! grep -aq "^discover: PASS lookup-unknown (status 0x6)$" <<<"$out" || ! grep -aq "^discover: PASS lookup-not-used (status 0x3)$" <<<"$out"; then fail "$name" "unknown or unused service not refused with seL4_FailedLookup / seL4_IllegalOperation"
    elif ! channel_text "$dir" 0 | grep -aq "^supervisor: restarted uart (1 of 3)$"; then fail "$name" "uart not restarted"
    elif ! grep -aqE "^discover: recovered after [1-9][0-9]* failed calls \(last status 0x5e01\)$" <<<"$out"; then fail "$name" "no recovery through a fresh lookup after uart's restart"
    else pass "$name"; fi
}

# --- console input: host-to-guest frames, the monitor, plain-text mode --------------------

# frame_bytes CH PAYLOAD: one host-to-guest frame (docs/frame-format.md v1), raw bytes on stdout.
frame_bytes() {
    local b crc=0xFFFFFFFF esc="" pb bytes
    mapfile -t pb < <(printf '%s' "$2" | od -An -v -tu1 -w1 | tr -d ' ')
    bytes=(1 "$1" $((${#pb[@]} & 255)) $((${#pb[@]} >> 8)) "${pb[@]}")
    for b in "${bytes[@]}"; do crc=$(((crc >> 8) ^ CRC_TABLE[(crc ^ b) & 0xFF])); done
    crc=$((crc ^ 0xFFFFFFFF))
    bytes=(165 90 "${bytes[@]}" $((crc & 255)) $((crc >> 8 & 255)) $((crc >> 16 & 255)) $((crc >> 24 & 255)))
    for b in "${bytes[@]}"; do esc+=$(printf '\\x%02x' "$b"); done
    printf "$esc"
}

# boot_with_input NAME APPEND READY INPUT UNTIL: boot the demo image; once the output matches
# READY, the output of the command INPUT goes to the guest; stops when it matches UNTIL.
boot_with_input() {
    INPUT=$4 READY=$3 boot "$WORK/$1.out" "$5|KERNEL (PANIC|FAULT)" -M virt -m 128M -append "$2" \
        -kernel "$IMAGES/demo/kernel.img" -initrd "$IMAGES/demo/initrd.cpio"
}

# The monitor's exec requests (channel 128), a line typed at the root console (channel 0),
# a line for inputecho's console (channel 4) and an exec on a console with no exec server.
monitor_input() {
    local i=0 c
    for c in "echo hi" "tasks" "nosuch" "restart counter" "mem" "help" "restart nosuch"; do
        i=$((i + 1))
        frame_bytes 128 "$i $c"
    done
    frame_bytes 0 $'echo typed\n'
    frame_bytes 4 $'hello task\n'
    frame_bytes 130 "8 echo x"
    frame_bytes 128 "9 tasks"
}

# case_monitor: the system monitor answers exec requests sent as frames (output frames, then
# the exit code), a plain line on the system channel, and input reaches a task's console.
case_monitor() {
    local name=monitor-exec dir=$WORK/monitor.frames raw=$WORK/monitor.out exec problem=
    boot_with_input monitor "atoll.system=monitor" "inputecho: ready" monitor_input "9 exit [0-9]+"
    decode_frames "$raw" "$dir"
    exec=$(for f in $(ls "$dir" | grep '\.128$' | sort -n); do cat "$dir/$f"; echo; done)
    if grep -aqE "KERNEL (PANIC|FAULT)" "$raw"; then problem="kernel panicked"
    elif ((FRAMES_CORRUPT > 0)); then problem="$FRAMES_CORRUPT corrupt frames"
    elif ! grep -aqx "1 out hi" <<<"$exec" || ! grep -aqx "1 exit 0" <<<"$exec"; then problem="echo hi: $(grep -a '^1 ' <<<"$exec" | tr '\n' '|')"
    elif ! grep -aqE "^inputecho +running +100 +[0-9]+ +131072 +0$" <<<"$exec" || ! grep -aqx "2 exit 0" <<<"$exec"; then problem="tasks: no line for inputecho"
    elif ! grep -aqx "3 out unknown command 'nosuch' (try help)" <<<"$exec" || ! grep -aqx "3 exit 127" <<<"$exec"; then problem="an unknown command did not exit 127"
    elif ! grep -aqx "4 out counter restarted" <<<"$exec" || ! channel_text "$dir" 0 | grep -aqx "supervisor: restarted counter on request (1 restarts)"; then problem="restart counter: $(grep -a '^4 ' <<<"$exec" | tr '\n' '|')"
    elif ! grep -aqE "^5 out total [0-9]+ bytes$" <<<"$exec" || ! grep -aqx "6 out commands:" <<<"$exec"; then problem="mem or help"
    elif ! grep -aqx "7 out no task named 'nosuch'" <<<"$exec" || ! grep -aqx "7 exit 1" <<<"$exec"; then problem="restart of an unknown task did not exit 1"
    elif ! grep -aqE "^counter +running +100 +[0-9]+ +131072 +1$" <<<"$exec"; then problem="tasks after the restart: counter's restarts are not 1"
    elif ! channel_text "$dir" 0 | grep -aqx "typed"; then problem="the line typed on the system channel was not answered there"
    elif ! channel_text "$dir" 130 | grep -aq "8 exit 126"; then problem="an exec on a console without an exec server did not exit 126"
    elif ! channel_text "$dir" 4 | grep -aqx "inputecho: got hello task"; then problem="inputecho did not get its console input"
    fi
    if [[ -z $problem ]]; then pass "$name"; else fail "$name" "$problem"; fi
}

# A line for the root console (channel 0) and one for inputecho's console (task 0: channel 2).
linked_input() {
    frame_bytes 0 $'echo typed linked\n'
    frame_bytes 2 $'hello linked\n'
}

# case_linked_input: the uart linked into inputecho, with irqs=33: inputecho gets the PL011 and
# its interrupt, and its uart reads decode input frames: its own console's line comes back from
# it, the system channel's line reaches the root task's monitor.
case_linked_input() {
    local name=linked-input dir=$WORK/linked-input.frames raw=$WORK/linked-input.out problem=
    ALSO_UNTIL="typed linked" boot_with_input linked-input "atoll.system=linked-input" "inputecho: ready" linked_input \
        "inputecho: got hello linked"
    decode_frames "$raw" "$dir"
    if grep -aqE "KERNEL (PANIC|FAULT)" "$raw"; then problem="kernel panicked"
    elif ((FRAMES_CORRUPT > 0)); then problem="$FRAMES_CORRUPT corrupt frames"
    elif ! grep -aq $'system: builtin:linked-input accepted: uart(service, linked) inputecho(task)' "$raw"; then problem="the system was not built: $(channel_text "$dir" 0 | tail -2 | tr '\n' '|')"
    elif ! channel_text "$dir" 2 | grep -aqx "inputecho: got hello linked"; then problem="inputecho did not get its console input"
    elif ! channel_text "$dir" 0 | grep -aqx "typed linked"; then problem="the line on the system channel was not answered there"
    fi
    if [[ -z $problem ]]; then pass "$name"; else fail "$name" "$problem"; fi
}

typed_line() { printf 'echo from a terminal\r'; }

# case_plain_text: atoll.console=text: no frames, lines prefixed with their task, and a line
# typed at the terminal runs on the monitor.
case_plain_text() {
    local name=monitor-plain-text raw=$WORK/plain.out
    boot_with_input plain "atoll.system=monitor atoll.console=text" "\[counter\] counter 10" typed_line \
        "\[monitor\] from a terminal"
    if grep -aqE "KERNEL (PANIC|FAULT)" "$raw"; then fail "$name" "kernel panicked"
    elif grep -aq $'\xa5\x5a' "$raw"; then fail "$name" "frames in plain-text mode"
    elif ! grep -aq $'^\[system\] system: builtin:monitor accepted' "$raw"; then fail "$name" "no [system] line"
    elif ! grep -aq $'^\[monitor\] from a terminal\r$' "$raw"; then fail "$name" "the typed line was not run"
    else pass "$name"; fi
}

for f in "$IMAGES"/{demo,boottest,ktest}/{kernel.img,initrd.cpio} "$IMAGES/disk/fat32.img"; do
    [[ -f $f ]] || { echo "missing $f (run: make -C images)"; echo "0 passed, 1 failed"; exit 1; }
done

case_demo demo-el1-128m 1 128 virt
case_demo demo-el2-256m 2 256 virt,virtualization=on
case_demo demo-el1-1536m 1 1536 virt
case_demo demo-el1-gicv3 1 128 virt,gic-version=3
case_demo demo-el2-gicv3 2 256 virt,virtualization=on,gic-version=3
IDLE="no runnable task, idle"
case_boottest vmfault-read "fault: task root VMFault pc=0x[0-9a-f]+ addr=0xdead0000 fsr=0x9[0-9a-f]+ prefetch=0 .*; task stopped" "$IDLE"
case_boottest vmfault-exec "fault: task root VMFault pc=0xdead0000 addr=0xdead0000 fsr=0x8[0-9a-f]+ prefetch=1 .*; task stopped" "$IDLE"
case_boottest write-code "fault: task root VMFault pc=0x[0-9a-f]+ addr=0x4[0-9a-f]+ fsr=0x9[0-9a-f]+ prefetch=0 \\(permission fault\\); task stopped" "$IDLE"
case_boottest undefined-instruction "fault: task root UserException pc=0x[0-9a-f]+ esr=0x2000000 .*; task stopped" "$IDLE"
case_boottest unknown-syscall "fault: task root UnknownSyscall pc=0x[0-9a-f]+ syscall=-100; task stopped" "$IDLE"
case_boottest capfault "fault: task root CapFault pc=0x[0-9a-f]+ cptr=0x2a .*; task stopped" "$IDLE"
case_boottest debug-halt "kernel: halted by DebugHalt from task root" "halted by DebugHalt"
case_ktest ktest virt
case_ktest ktest-gicv3 virt,gic-version=3
# The hostile-task test at full size (issue 3: at least a million calls) on its own.
TIMEOUT=${HOSTILE_TIMEOUT:-300} case_ktest ktest-hostile virt "ktest.only=HOSTILE ktest.hostile_calls=1000000"
case_concatenated_initrd
case_missing_root
case_not_elf
case_no_dtb
case_services split
case_services linked
case_services mixed
case_invalid invalid-device-linked-twice device-linked-twice "service uart owns devices and would be linked into 2 users; give it placement=task"
case_invalid invalid-unknown-service unknown-service "svctest uses 'nfs', which is not a declared service"
case_invalid invalid-missing-elf missing-elf "web: no ELF named 'httpd' in the initrd"
case_invalid invalid-irq-taken build-failed "the system could not be built (see above)" "system: cannot build svctest: granting irq 30 failed (seL4 error 9)"
case_invalid invalid-over-budget over-budget "memory budgets total 4295098368 bytes, only"
case_supervision
case_discovery
case_restart_reclaim
case_console_lock
case_isolation
case_monitor
case_linked_input
case_plain_text
printf 'atoll-boot-config 1\ntask svctest elf=svctest prio=100 mem=128K colour=blue\n' >"$WORK/bad.conf"
case_initrd_config config-from-initrd "$ROOT/images/systems/mixed.conf" "system: initrd:config accepted: uart(service, own task) blk(service, linked) fs(service, linked) svctest(task)"
case_initrd_config config-from-initrd-rejected "$WORK/bad.conf" "boot config initrd:config rejected: line 2: unknown key 'colour'"
case_bad_elf
case_elf_kind

echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
