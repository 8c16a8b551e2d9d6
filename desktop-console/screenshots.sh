#!/usr/bin/env bash
# Renders every console screen to docs/images/console-*.png: a throw-away local cluster with a few
# volumes and one node killed, the console's scene snapshotted by JavaFX on its headless platform
# (software rendering: no display or Xvfb needed, the same pixels as on screen).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$ROOT"
# The launcher's class path (cli/target/lib, built from this reactor) plus the test classes.
mvn -B -q package -pl cli -am -DskipTests -Dspotless.check.skip=true
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -Dglass.platform=Headless -Dprism.order=sw -Djava.awt.headless=true \
  -cp "desktop-console/target/test-classes:engine/target/test-classes:cli/target/lib/*" \
  dev.corral.console.it.Screenshots "$ROOT/docs/images"
