#!/usr/bin/env bash
# Version matrix (not part of `mvn verify`): the same pack JAR, built once against the 26.7 APIs, runs
# the core single-node ITs on each Keycloak server version given (default: the supported ones, see the
# README's Compatibility section). Prints one line per version; exits non-zero if any version failed.
# Usage: ./matrix.sh [26.7.3 26.6.4 ...]
set -euo pipefail
cd "$(dirname "$0")"
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(26.7.3 26.6.4)
core_its='PackJarIT,OrganisationLoginIT,FederatedLoginIT,SignupIT,HandoffIT'

mvn -B -q package -DskipTests
mkdir -p integration-tests/target/matrix
failed=0
summary=()
for v in "${versions[@]}"; do
  start=$(date +%s)
  # Failsafe merges into an existing summary: one version's failures must not count against the next.
  rm -rf integration-tests/target/failsafe-reports integration-tests/target/failsafe-reports-cluster
  # Each version gets its own dist folder: demo.sh and bench.sh expect one zip in target/dist.
  if mvn -B verify -pl integration-tests -Dkeycloak.version="$v" \
      -Ddist.dir="$PWD/integration-tests/target/matrix/dist-$v" -Dit.test="$core_its" \
      > "integration-tests/target/matrix/keycloak-$v.log" 2>&1; then
    result=passed
  else
    result=FAILED; failed=1
  fi
  rm -rf "integration-tests/target/matrix/reports-$v"
  cp -r integration-tests/target/failsafe-reports "integration-tests/target/matrix/reports-$v" 2>/dev/null || true
  summary+=("Keycloak $v: $result in $(( $(date +%s) - start )) s (log: integration-tests/target/matrix/keycloak-$v.log)")
  echo "${summary[-1]}"
done
printf '\n%s\n' "${summary[@]}"
exit $failed
