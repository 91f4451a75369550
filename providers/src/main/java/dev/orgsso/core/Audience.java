package dev.orgsso.core;

import java.util.Locale;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;

/**
 * Who a client or an IdP is for: the customers' end users or the help desk's agents. Clients carry it
 * as the attribute {@code orgsso.audience}, IdPs in their config under the same key; both default to
 * end users, so an agent set-up is always an explicit choice.
 */
public enum Audience {
    USERS, AGENTS;

    public static final String ATTRIBUTE = "orgsso.audience";

    public static Audience parse(String value) {
        return value != null && value.trim().toLowerCase(Locale.ROOT).startsWith("agent") ? AGENTS : USERS;
    }

    public static Audience of(ClientModel client) {
        return parse(client.getAttribute(ATTRIBUTE));
    }

    public static Audience of(IdentityProviderModel idp) {
        return parse(idp.getConfig() == null ? null : idp.getConfig().get(ATTRIBUTE));
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
