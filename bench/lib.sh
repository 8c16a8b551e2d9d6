# Shared by the benchmark scripts: process bookkeeping and reading an engine process's ready line.
# shellcheck shell=bash

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# Waits for a process's CORRAL-READY line in its log and prints the value of one field.
ready_field() {
  local log="$1" field="$2" i
  for i in $(seq 1 600); do
    if grep -q '^CORRAL-READY' "$log" 2>/dev/null; then
      grep '^CORRAL-READY' "$log" | tail -1 | tr ' ' '\n' | sed -n "s/^$field=//p"
      return 0
    fi
    sleep 0.1
  done
  echo "not ready: $log" >&2; tail -20 "$log" >&2; exit 1
}

require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "this benchmark needs $tool (apt-get install it)" >&2; exit 1; }
  done
}
