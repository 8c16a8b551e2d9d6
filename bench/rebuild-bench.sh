#!/usr/bin/env bash
# Rebuild benchmark, side by side in one run on the same disk:
#   1. full rebuild of a SIZE volume holding DATA bytes onto a fresh replica (Corral, live), and
#      `cp --sparse=always` of the source replica's layer files (the peer: a plain sparse copy);
#   2. delta rebuild of a replica that was down while 1 % of the volume changed (scattered 4 KiB
#      writes): time and bytes sent.
#
#   bench/rebuild-bench.sh [--size 4G] [--data 2G] [--dir DIR] [--out FILE]
#
# Page caches are dropped before each copy (needs root), so both sides read from the disk.
# On a VM, the first write into guest memory the host has never backed costs ~10x (measured here:
# dd into the page cache at 480 MB/s on first touch, 5.6 GB/s after); whichever side ran first
# would pay it, so the script touches enough memory once before measuring either side.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
SIZE=4G
DATA=2G
WORK="${TMPDIR:-/var/tmp}/corral-rebuild-bench"
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;;
    --dir) WORK="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
require_tools fio nbdcopy python3 curl

"$ROOT/corral" build
rm -rf "$WORK"; mkdir -p "$WORK"


start_replica() { # name -> sets ADDR and RPID
  local log="$WORK/$1.log"
  "$ROOT/corral" engine replica --dir "$WORK/$1" --listen 127.0.0.1:0 --size "$SIZE" >>"$log" 2>&1 &
  RPID=$!; PIDS+=($RPID)
  ADDR="$(ready_field "$log" address)"
}

ctl() { "$ROOT/corral" engine ctl --url "$CONTROL" "$@"; }
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches; }
now() { date +%s.%N; }

# The rebuild's own clock (from attach to verified RW), read from the control API. Polling is a
# curl and a pattern match every 0.2 s: the poller shares the 2 cores with the rebuild.
rebuild_field() { python3 -c "import json,sys,urllib.request; print(json.load(urllib.request.urlopen('$CONTROL/v1/rebuild'))['$1'])"; }
wait_rebuild() { # -> prints the rebuild's elapsed seconds once COMPLETED
  local status
  while true; do
    status="$(curl -s "$CONTROL/v1/rebuild")"
    case "$status" in
      *'"state":"COMPLETED"'*) break ;;
      *'"state":"FAILED"'*) ctl rebuild status >&2; exit 1 ;;
    esac
    sleep 0.2
  done
  rebuild_field elapsedSeconds
}
touch_memory() { # writes and frees twice DATA through the page cache
  dd if=/dev/zero of="$WORK/touch" bs=1M count="$(( $(to_bytes "$DATA") * 2 / 1048576 ))" status=none
  rm -f "$WORK/touch"
}
to_bytes() { python3 -c "
import re
m = re.fullmatch(r'(\d+)([KMGT]?)', '$1'); print(int(m.group(1)) * 1024 ** ' KMGT'.index(m.group(2) or ' '))"; }

# Through curl rather than `corral engine ctl`: a CLI JVM starting and exiting would take CPU
# from the rebuild it measures.
add_replica() {
  curl -sf -X POST -H 'Content-Type: application/json' -d "{\"address\":\"$1\"}" "$CONTROL/v1/replicas" >/dev/null
}
sent() { rebuild_field bytesSent; }

echo "source replica and controller; writing $DATA of random data" >&2
start_replica source; SOURCE_ADDR="$ADDR"
"$ROOT/corral" engine controller --volume bench --size "$SIZE" --replica "$SOURCE_ADDR" --nbd 127.0.0.1:0 \
  --listen 127.0.0.1:0 >"$WORK/controller.log" 2>&1 &
PIDS+=($!)
NBD="$(ready_field "$WORK/controller.log" nbd)"
CONTROL="$(ready_field "$WORK/controller.log" control)"
fio --name=fill --ioengine=nbd --uri="$NBD" --rw=write --bs=1M --iodepth=8 --size="$DATA" \
  --refill_buffers --output=/dev/null
ctl snapshot create data >/dev/null

echo "full rebuild onto a fresh replica" >&2
touch_memory
drop_caches
start_replica fresh; FRESH_ADDR="$ADDR"; FRESH_PID="$RPID"
add_replica "$FRESH_ADDR"
FULL_SECONDS="$(wait_rebuild)"; FULL_SENT="$(sent)"

echo "cp --sparse=always of the source's layer files" >&2
drop_caches
mkdir -p "$WORK/cp-target"
T0="$(now)"; cp --sparse=always "$WORK"/source/layer-*.img "$WORK/cp-target/"; sync
CP_SECONDS="$(python3 -c "print(f'{$(now) - $T0:.2f}')")"
CP_BYTES="$(du -s -B1 "$WORK/cp-target" | cut -f1)"

echo "delta rebuild after 1 % of the volume changed while the replica was down" >&2
kill -9 "$FRESH_PID"; wait "$FRESH_PID" 2>/dev/null || true
CHANGE=$(( $(to_bytes "$SIZE") / 100 / 4096 * 4096 ))
fio --name=change --ioengine=nbd --uri="$NBD" --rw=randwrite --bs=4k --iodepth=16 --size="$SIZE" \
  --io_size="$CHANGE" --norandommap=0 --randrepeat=0 --output=/dev/null
drop_caches
"$ROOT/corral" engine replica --dir "$WORK/fresh" --listen 127.0.0.1:0 --size "$SIZE" >>"$WORK/fresh-2.log" 2>&1 &
PIDS+=($!)
BACK_ADDR="$(ready_field "$WORK/fresh-2.log" address)"
add_replica "$BACK_ADDR"
DELTA_SECONDS="$(wait_rebuild)"; DELTA_SENT="$(sent)"

python3 - "$FULL_SECONDS" "$FULL_SENT" "$CP_SECONDS" "$CP_BYTES" "$DELTA_SECONDS" "$DELTA_SENT" "$CHANGE" "$SIZE" "$DATA" <<'PY' | tee "${OUT:-/dev/null}"
import sys
full_s, full_b, cp_s, cp_b, delta_s, delta_b, change, size, data = sys.argv[1:]
full_s, cp_s, delta_s = float(full_s), float(cp_s), float(delta_s)
full_b, cp_b, delta_b, change = int(full_b), int(cp_b), int(delta_b), int(change)
mb = lambda b, s: b / s / 1e6
print(f"| {size} volume, {data} data | time | bytes | throughput | ratio to cp |")
print("|---|---|---|---|---|")
print(f"| cp --sparse=always of the layer files | {cp_s:.2f} s | {cp_b/2**20:,.0f} MiB | {mb(cp_b, cp_s):,.0f} MB/s | 1.00x |")
print(f"| Corral full rebuild (live, verified) | {full_s:.2f} s | {full_b/2**20:,.0f} MiB sent | {mb(full_b, full_s):,.0f} MB/s | {mb(full_b, full_s)/mb(cp_b, cp_s):.2f}x |")
print(f"| Corral delta rebuild, 1 % changed ({change/2**20:.0f} MiB in 4 KiB writes) | {delta_s:.2f} s | {delta_b/2**20:,.1f} MiB sent ({delta_b/change:.2f}x the change) | | |")
PY
