#!/usr/bin/env bash
# Renders every console screen to docs/images/console-*.png: a throw-away local cluster with a few
# volumes (one of them written to all along, for the I/O charts) and one node killed. The console
# runs on JavaFX's desktop toolkit (GTK) in a window on Xvfb, and each screen is read back from
# the X server: the pixels an operator's display would show.
#   desktop-console/screenshots.sh [OUT_DIR]      (default docs/images)
# HEADLESS=1 renders with JavaFX's headless platform instead (no X server needed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/docs/images}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$ROOT"

# JavaFX's GTK toolkit and an X server without a screen (as ./corral console installs them).
missing=()
for entry in libgtk-3.so.0:libgtk-3-0 libXtst.so.6:libxtst6 libXxf86vm.so.1:libxxf86vm1 libGL.so.1:libgl1; do
  ldconfig -p | grep -q "${entry%%:*}" || missing+=("${entry#*:}")
done
command -v xvfb-run >/dev/null || missing+=(xvfb xauth)
command -v nbdcopy >/dev/null || missing+=(libnbd-bin)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# The launcher's class path (cli/target/lib, built from this reactor) plus the test classes.
mvn -B -q package -pl cli -am -DskipTests -Dspotless.check.skip=true
mvn -B -q test-compile -pl desktop-console -Dspotless.check.skip=true
CP="desktop-console/target/test-classes:engine/target/test-classes:cli/target/lib/*"
JAVA=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true -cp "$CP")
if [ "${HEADLESS:-0}" = 1 ]; then
  exec "${JAVA[@]}" -Dglass.platform=Headless -Dprism.order=sw dev.corral.console.it.Screenshots "$OUT"
fi
exec xvfb-run -a -s "-screen 0 1600x1000x24" "${JAVA[@]}" -Dprism.order=sw \
  dev.corral.console.it.Screenshots "$OUT"
