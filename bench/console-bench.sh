#!/usr/bin/env bash
# The console's event-to-screen latency and FX-thread load with a simulated cluster of 100 nodes
# and 2,000 volumes and a steady stream of status events (see EventLatencyBench).
#   bench/console-bench.sh [--rate EVENTS_PER_S] [--seconds PER_SCREEN]
# The console's real screens on JavaFX's headless platform (software rendering), on this machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
RATE=200
SECONDS_PER_SCREEN=30
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE="$2"; shift 2 ;;
    --seconds) SECONDS_PER_SCREEN="$2"; shift 2 ;;
    *) echo "usage: $0 [--rate N] [--seconds N]" >&2; exit 2 ;;
  esac
done
cd "$ROOT"
mvn -B -q package -pl cli -am -DskipTests -Dspotless.check.skip=true
mvn -B -q test-compile -pl desktop-console -Dspotless.check.skip=true
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx2g \
  -Dglass.platform=Headless -Dprism.order=sw -Djava.awt.headless=true \
  -cp "desktop-console/target/test-classes:engine/target/test-classes:cli/target/lib/*" \
  dev.corral.console.bench.EventLatencyBench "$RATE" "$SECONDS_PER_SCREEN"
