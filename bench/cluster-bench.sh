#!/usr/bin/env bash
# Control-plane benchmark on a local cluster (separate processes on loopback):
#   1. VOLUMES volumes created through the API on NODES nodes, each with 3 replicas scheduled and
#      running in the nodes' instance processes (not attached): total time until all are detached
#      and healthy;
#   2. ATTACHED of them attached (engine + NBD export each) and left idle: CPU of the control
#      plane, the agents and the instance processes over WINDOW seconds, from /proc/PID/stat.
#
#   bench/cluster-bench.sh [--nodes 10] [--volumes 1000] [--attached 100] [--window 60] [--out FILE]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODES=10
VOLUMES=1000
ATTACHED=100
WINDOW=60
OUT=""
DIR="${TMPDIR:-/var/tmp}/corral-cluster-bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES="$2"; shift 2 ;;
    --volumes) VOLUMES="$2"; shift 2 ;;
    --attached) ATTACHED="$2"; shift 2 ;;
    --window) WINDOW="$2"; shift 2 ;;
    --dir) DIR="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

"$ROOT/corral" build
"$ROOT/corral" local down --local-dir "$DIR" >/dev/null 2>&1 || true
rm -rf "$DIR"
trap '"$ROOT/corral" local down --local-dir "$DIR" >/dev/null 2>&1 || true' EXIT
echo "starting $NODES nodes" >&2
"$ROOT/corral" local up --nodes "$NODES" --local-dir "$DIR" >&2

/usr/bin/python3 - "$DIR" "$NODES" "$VOLUMES" "$ATTACHED" "$WINDOW" <<'PY' | tee "${OUT:-/dev/null}"
import base64, concurrent.futures as cf, json, os, ssl, sys, time, urllib.request

d, nodes, volumes, attached, window = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
cluster = json.load(open(os.path.join(d, "cluster.json")))
# A local cluster's API is https with a certificate of its own authority, which is all we trust.
tls = cluster.get("tls", False)
url = ("https://" if tls else "http://") + cluster["controlPlaneListen"]
context = ssl.create_default_context(cafile=os.path.join(d, "identity", "ca.crt")) if tls else None
auth = "Basic " + base64.b64encode(open(os.path.join(d, "credentials")).read().strip().encode()).decode()

def call(method, path, body=None):
    req = urllib.request.Request(url + path, method=method, headers={"Authorization": auth, "Content-Type": "application/json"},
                                 data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(req, timeout=120, context=context) as r:
        return json.load(r)

def items(plural):
    doc = call("GET", "/v1/" + plural)
    return doc["items"] if isinstance(doc, dict) else doc

def wait(what, done, timeout=3600):
    t0 = time.time()
    while not done():
        if time.time() - t0 > timeout:
            sys.exit("timed out waiting for " + what)
        time.sleep(1)

def ready_nodes():
    return [n for n in items("nodes") if any(c["type"] == "Ready" and c["status"] == "True" for c in n["status"]["conditions"])]

wait("nodes", lambda: len(ready_nodes()) == nodes, 300)

t0 = time.time()
with cf.ThreadPoolExecutor(4) as pool:
    list(pool.map(lambda i: call("POST", "/v1/volumes", {"name": f"bench-{i:04d}", "size": "64Mi", "numberOfReplicas": 3}), range(volumes)))
t_created = time.time() - t0
def all_placed():
    vs = items("volumes")
    return len(vs) == volumes and all(v["status"]["state"] == "detached" and v["status"]["robustness"] == "healthy" for v in vs)
wait("volumes scheduled and running", all_placed)
t_placed = time.time() - t0
replicas = items("replicas")

names = [f"bench-{i:04d}" for i in range(attached)]
node_names = sorted(n["metadata"]["name"] for n in items("nodes"))
for i, name in enumerate(names):
    call("POST", f"/v1/volumes/{name}/attach", {"node": node_names[i % len(node_names)]})
wait("attached", lambda: sum(1 for v in items("volumes") if v["status"]["state"] == "attached" and v["status"]["robustness"] == "healthy") == attached)

def pids():
    out = {"control plane": [int(open(os.path.join(d, "control-plane", "pid")).read())], "agents": [], "instances": []}
    for n in cluster["nodes"]:
        nd = os.path.join(d, "nodes", n["name"])
        out["agents"].append(int(open(os.path.join(nd, "agent.pid")).read()))
        out["instances"].append(json.load(open(os.path.join(nd, "instance", "instance.json")))["pid"])
    return out

def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

time.sleep(10)  # let the attach settle (JIT, first polls)
groups = pids()
before = {g: sum(cpu_seconds(p) for p in ps) for g, ps in groups.items()}
time.sleep(window)
after = {g: sum(cpu_seconds(p) for p in ps) for g, ps in groups.items()}
pct = {g: 100 * (after[g] - before[g]) / window for g in groups}

print(f"| {nodes} nodes | result |")
print("|---|---|")
print(f"| {volumes} volumes created (API answered) | {t_created:.1f} s |")
print(f"| ... all {len(replicas)} replicas running, volumes healthy | {t_placed:.1f} s ({volumes / t_placed:.1f} volumes/s) |")
print(f"| idle CPU, {attached} volumes attached, control plane (1 process) | {pct['control plane']:.2f} % of one core |")
print(f"| idle CPU, agents ({nodes} processes) | {pct['agents']:.2f} % of one core |")
print(f"| idle CPU, control plane + agents | {pct['control plane'] + pct['agents']:.2f} % of one core |")
print(f"| idle CPU, instance processes ({nodes}: {attached} engines, {len(replicas)} replica servers) | {pct['instances']:.2f} % of one core |")
PY
