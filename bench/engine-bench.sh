#!/usr/bin/env bash
# Side-by-side fio benchmark of Corral's engine against nbdkit's file plugin (the single-copy peer:
# same protocol, same client, same disk), all on loopback, in one run.
#
#   bench/engine-bench.sh [--size 1G] [--runtime 10] [--dir DIR] [--out FILE]
#
# Targets: nbdkit file plugin; Corral with 1 replica; Corral with 3 replicas; Corral with 3
# replicas, authenticated (--identity: a signed-nonce handshake per connection, then plain text);
# Corral with 3 replicas, authenticated + TLS (--tls / --replica-tls). Each target gets the same fio
# jobs (nbd engine): 1M sequential write QD8 (which also fills the region), 1M sequential read QD8,
# 4K random write QD32, 4K random read QD32, 4K random write QD1 (latency). Prints two markdown
# tables: ratios to nbdkit, and the authenticated targets' ratios to plain 3 replicas; --out also
# writes them to FILE.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
SIZE=1G
RUNTIME=10
WORK="${TMPDIR:-/var/tmp}/corral-bench"
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --runtime) RUNTIME="$2"; shift 2 ;;
    --dir) WORK="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

require_tools fio nbdkit nbdinfo python3

"$ROOT/corral" build
rm -rf "$WORK"; mkdir -p "$WORK/results"


free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Identities for the authenticated targets, from an authority made for this run: the replicas and
# the controller are different nodes, as on a cluster.
for who in replica engine; do
  "$ROOT/corral" engine identity --authority "$WORK/ca" --principal "node/bench-$who" --host 127.0.0.1 \
    --out "$WORK/identity-$who" >/dev/null
done

start_corral() { # name replicas [plain|auth|tls] -> sets URI (not in a subshell, so PIDS keeps the processes)
  local name="$1" n="$2" security="${3:-plain}" args=() replica_auth=() controller_auth=() i log addr
  case "$security" in
    plain) ;;
    auth) replica_auth=(--identity "$WORK/identity-replica"); controller_auth=(--identity "$WORK/identity-engine") ;;
    tls) replica_auth=(--identity "$WORK/identity-replica" --tls)
         controller_auth=(--identity "$WORK/identity-engine" --replica-tls) ;;
  esac
  for i in $(seq 1 "$n"); do
    log="$WORK/$name-replica-$i.log"
    "$ROOT/corral" engine replica --dir "$WORK/$name/replica-$i" --listen 127.0.0.1:0 --size "$SIZE" \
      "${replica_auth[@]}" >"$log" 2>&1 &
    PIDS+=($!)
    addr="$(ready_field "$log" address)"
    args+=(--replica "$addr")
  done
  log="$WORK/$name-controller.log"
  "$ROOT/corral" engine controller --volume "$name" --size "$SIZE" --nbd 127.0.0.1:0 --listen 127.0.0.1:0 \
    "${args[@]}" "${controller_auth[@]}" >"$log" 2>&1 &
  PIDS+=($!)
  URI="$(ready_field "$log" nbd)"
}

JOBS=(
  "seqwrite-1M-qd8:--rw=write --bs=1M --iodepth=8"
  "seqread-1M-qd8:--rw=read --bs=1M --iodepth=8"
  "randwrite-4k-qd32:--rw=randwrite --bs=4k --iodepth=32"
  "randread-4k-qd32:--rw=randread --bs=4k --iodepth=32"
  "randwrite-4k-qd1:--rw=randwrite --bs=4k --iodepth=1"
)

run_jobs() { # target uri
  local target="$1" uri="$2" entry name opts
  for entry in "${JOBS[@]}"; do
    name="${entry%%:*}"; opts="${entry#*:}"
    echo "  $target $name" >&2
    # shellcheck disable=SC2086
    fio --name="$name" --ioengine=nbd --uri="$uri" $opts --size="$SIZE" --runtime="$RUNTIME" --time_based \
      --ramp_time=1 --output-format=json >"$WORK/results/$target-$name.json"
  done
}

echo "nbdkit file plugin" >&2
truncate -s "$SIZE" "$WORK/nbdkit.img"
PORT="$(free_port)"
nbdkit -f -i 127.0.0.1 -p "$PORT" file "$WORK/nbdkit.img" >"$WORK/nbdkit.log" 2>&1 &
NBDKIT=$!; PIDS+=($NBDKIT)
for i in $(seq 1 100); do nbdinfo "nbd://127.0.0.1:$PORT" >/dev/null 2>&1 && break; sleep 0.1; done
run_jobs nbdkit "nbd://127.0.0.1:$PORT"
kill "$NBDKIT"

for n in 1 3; do
  echo "Corral, $n replica(s)" >&2
  start_corral "corral$n" "$n"
  run_jobs "corral-$n" "$URI"
  cleanup; PIDS=()
done

for security in auth tls; do
  echo "Corral, 3 replicas, $security" >&2
  start_corral "corral3$security" 3 "$security"
  run_jobs "corral-3-$security" "$URI"
  cleanup; PIDS=()
done

python3 - "$WORK/results" "$SIZE" "$RUNTIME" <<'PY' | tee "${OUT:-/dev/null}"
import json, os, sys
results, size, runtime = sys.argv[1], sys.argv[2], sys.argv[3]
jobs = ["randwrite-4k-qd32", "randread-4k-qd32", "seqwrite-1M-qd8", "seqread-1M-qd8", "randwrite-4k-qd1"]
def load(target, job):
    with open(os.path.join(results, f"{target}-{job}.json")) as f:
        text = f.read()
    j = json.loads(text[text.index("{"):])["jobs"][0]  # fio's nbd engine prints a line before the JSON
    side = j["write"] if "write" in job else j["read"]
    return side
def metric(job, side):
    if job.endswith("qd1"):
        return side["clat_ns"]["mean"] / 1000.0, "us mean latency (lower is better)"
    if job.startswith("seq"):
        return side["bw_bytes"] / 1e6, "MB/s"
    return side["iops"], "IOPS"
print(f"| workload ({size}, {runtime}s each) | nbdkit file | Corral 1 replica | ratio | Corral 3 replicas | ratio | unit |")
print("|---|---|---|---|---|---|---|")
for job in jobs:
    base, unit = metric(job, load("nbdkit", job))
    one, _ = metric(job, load("corral-1", job))
    three, _ = metric(job, load("corral-3", job))
    if job.endswith("qd1"):
        r1, r3 = base / one, base / three  # ratio > 1 means faster than nbdkit
    else:
        r1, r3 = one / base, three / base
    print(f"| {job} | {base:,.0f} | {one:,.0f} | {r1:.2f}x | {three:,.0f} | {r3:.2f}x | {unit} |")
print()
print(f"| workload ({size}, {runtime}s each) | Corral 3 replicas | Corral 3 replicas, authenticated | ratio "
      f"| Corral 3 replicas, authenticated + TLS | ratio | unit |")
print("|---|---|---|---|---|---|---|")
for job in jobs:
    plain, unit = metric(job, load("corral-3", job))
    auth, _ = metric(job, load("corral-3-auth", job))
    tls, _ = metric(job, load("corral-3-tls", job))
    if job.endswith("qd1"):
        ra, rt = plain / auth, plain / tls  # ratio < 1 means slower than plain 3 replicas
    else:
        ra, rt = auth / plain, tls / plain
    print(f"| {job} | {plain:,.0f} | {auth:,.0f} | {ra:.2f}x | {tls:,.0f} | {rt:.2f}x | {unit} |")
PY
