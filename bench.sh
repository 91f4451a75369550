#!/usr/bin/env bash
# Benchmarks (not part of `mvn verify`): the pack against stock Keycloak on the same server, in one run.
# Usage: ./bench.sh   [-Dorgsso.bench.iterations=300 -Dorgsso.bench.orgs=10000]
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q package -DskipTests
dist=$(ls integration-tests/target/dist/keycloak-quarkus-dist-*.zip)
exec java -Dorgsso.dist.zip="$dist" "$@" \
  -cp "integration-tests/target/classes:$(cat integration-tests/target/runtime-classpath.txt)" \
  dev.orgsso.bench.OrgLoginBenchmark "$PWD"
