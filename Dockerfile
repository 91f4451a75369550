# OrgSSO on Keycloak 26.7.3, built as Keycloak's guide "Creating a customized and optimized container
# image" does it: the pack JAR and the build options go into a `kc.sh build` once, so the container
# starts with `start --optimized` and does no build of its own at each start.
# Build the pack first: `mvn -B package -DskipTests` (leaves providers/target/orgsso-providers-*.jar),
# then `docker compose build` or `docker build -t orgsso-keycloak:dev .`.
FROM quay.io/keycloak/keycloak:26.7.3 AS builder

# Build options: persisted by `kc.sh build`, fixed for every container of this image.
ENV KC_DB=postgres
ENV KC_HEALTH_ENABLED=true
ENV KC_METRICS_ENABLED=true

WORKDIR /opt/keycloak
# The one pack JAR (a glob: its name carries the version). No match fails the build.
COPY providers/target/orgsso-providers-*.jar /opt/keycloak/providers/
RUN /opt/keycloak/bin/kc.sh build

FROM quay.io/keycloak/keycloak:26.7.3
COPY --from=builder /opt/keycloak/ /opt/keycloak/
# Imported by `start --optimized --import-realm`; their ${ORGSSO_*} placeholders read the container's
# environment at import (see docker-compose.yml). Keycloak skips a realm that already exists.
COPY realm-exports/*.json /opt/keycloak/data/import/
# Runtime options in Keycloak 26.7 (not build options): the clustered cache the cluster ITs prove,
# discovery through the shared database. Defaults here; docker-compose.yml sets them too.
ENV KC_CACHE=ispn
ENV KC_CACHE_STACK=jdbc-ping
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
