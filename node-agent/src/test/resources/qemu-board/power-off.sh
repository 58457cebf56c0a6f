#!/bin/sh
# Powers off the QEMU posing as a board (pulls the plug: SIGKILL); nothing to do when it
# is off. Only the process named after the board is killed, never a reused pid.
# usage: power-off.sh STATE_DIR  (the agent sets ATOLL_BOARD)
set -u
state=$1
pid=$(cat "$state/qemu.pid" 2>/dev/null) || exit 0
if grep -q "board-$ATOLL_BOARD" "/proc/$pid/cmdline" 2>/dev/null; then
	kill -9 "$pid" 2>/dev/null
	# Gone once its /proc entry is, or it is a zombie nobody reaped yet.
	while [ -d "/proc/$pid" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$pid/stat" 2>/dev/null; do
		sleep 0.05
	done
fi
rm -f "$state/qemu.pid"
echo "board $ATOLL_BOARD off"
