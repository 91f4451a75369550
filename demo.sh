#!/usr/bin/env bash
# The OrgSSO demo: builds the pack, then runs Keycloak 26.7.3 (dev mode, embedded database) with the
# pack JAR and realm-exports/, a mail catcher with a web inbox and the demo help desk apps.
# Usage: ./demo.sh [--fresh]    (--fresh forgets the demo database and imports the realms again)
# Ctrl-C stops everything it started. Needs JDK 17+ and Maven; nothing else.
set -euo pipefail
cd "$(dirname "$0")"
echo "Building the pack (the first run also fetches Keycloak through Maven) ..."
# Quiet, and its log only when it fails: Maven 3.8 prints colour resets even with -B, the log is stripped of them.
if ! build_log=$(mvn -B -q package -DskipTests 2>&1); then
  printf '%s\n' "$build_log" | sed 's/\x1b\[[0-9;]*m//g' >&2
  exit 1
fi
dist=$(ls integration-tests/target/dist/keycloak-quarkus-dist-*.zip)
exec java -Dorgsso.dist.zip="$dist" \
  -cp "integration-tests/target/classes:$(cat integration-tests/target/runtime-classpath.txt)" \
  dev.orgsso.testkit.Demo "$PWD" "$@"
