#!/usr/bin/env bash
# Benchmarks (not part of `mvn verify`): the pack against stock Keycloak on the same server, in one run,
# in production mode on PostgreSQL (127.0.0.1:5432, a fresh database dropped afterwards) and in dev mode.
# Usage: ./bench.sh   [-Dorgsso.bench.iterations=300 -Dorgsso.bench.orgs=10000 -Dorgsso.bench.modes=production-postgres,dev ...]
# Results: benchmarks/target/bench/results.{csv,json,md} and latency-*.png (see docs/performance.md).
#        ./bench.sh --soak [-Dorgsso.soak.seconds=300 -Dorgsso.soak.dbOutageAt=120 ...]: a mixed load held on a
#        production-mode server (docs/performance.md, "Soak"); exits 1 when a user exists twice or an answer failed.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q package -DskipTests
dist=$(ls integration-tests/target/dist/keycloak-quarkus-dist-*.zip)
# GreenMail logs every new mailbox at INFO; the table is what matters here.
main=dev.orgsso.bench.BenchmarkRun
if [ "${1:-}" = "--soak" ]; then
  main=dev.orgsso.bench.SoakRun
  shift
fi
exec java -Dorgsso.dist.zip="$dist" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@" \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/runtime-classpath.txt)" \
  "$main" "$PWD"
