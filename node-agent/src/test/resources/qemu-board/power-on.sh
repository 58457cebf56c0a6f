#!/bin/sh
# Powers on a QEMU that poses as a board: it boots what the board's TFTP directory holds
# (as U-Boot's boot.scr would), its serial line a TCP serial server on 127.0.0.1:PORT, as
# ser2net offers a real board's. Runs detached, so the command returns like a relay's.
# usage: power-on.sh PORT STATE_DIR  (the agent sets ATOLL_BOARD and ATOLL_TFTP_DIR)
set -eu
port=$1
state=$2
mkdir -p "$state"
if [ -f "$state/qemu.pid" ] && grep -q "board-$ATOLL_BOARD" "/proc/$(cat "$state/qemu.pid")/cmdline" 2>/dev/null; then
	exit 0 # on already
fi
cd "$state"
setsid qemu-system-aarch64 -M virt -cpu cortex-a57 -m 128M -nographic -nic none -no-reboot \
	-name "board-$ATOLL_BOARD" -kernel "$ATOLL_TFTP_DIR/kernel.img" -initrd "$ATOLL_TFTP_DIR/initrd.cpio" \
	-serial "tcp:127.0.0.1:$port,server=on,wait=on" -monitor none </dev/null >qemu.log 2>&1 &
echo $! >qemu.pid
echo "board $ATOLL_BOARD on: QEMU pid $!, serial on tcp:127.0.0.1:$port"
