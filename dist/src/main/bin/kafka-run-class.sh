#!/usr/bin/env bash
# Runs a class of Kafka's own tools with the distribution's Kafka classpath, as Kafka's
# kafka-run-class.sh does in a Kafka installation.
set -euo pipefail
BRIDGE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=java
fi
# shellcheck disable=SC2086
exec "$JAVA" ${KAFKA_HEAP_OPTS:--Xmx256m} -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -Dlog4j2.configurationFile="$BRIDGE_HOME/conf/tools-log4j2.properties" \
  -cp "$BRIDGE_HOME/servers/kafka/*" "$@"
