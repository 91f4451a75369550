package dev.orgsso.setup;

import dev.orgsso.core.OutsideUrls;
import dev.orgsso.onboarding.FederationSettings;
import org.keycloak.Config;

/**
 * Server-wide settings of the setup links, from the pack's options (read once at start-up): the DNS
 * server domain proofs ask ({@code --spi-realm-restapi-extension--orgsso--dns-server}, default: the
 * system's resolvers), the rules for URLs typed on the pages ({@code ...--allow-loopback-urls} for tests
 * and the demo only) and the federation settings the onboarding shares.
 */
public record SetupSettings(FederationSettings federation, DnsTxt dns, OutsideUrls outside) {

    public static SetupSettings from(Config.Scope config, FederationSettings federation) {
        return new SetupSettings(federation, DnsTxt.from(config), OutsideUrls.from(config));
    }
}
