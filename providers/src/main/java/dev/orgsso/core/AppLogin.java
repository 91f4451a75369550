package dev.orgsso.core;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.keycloak.models.ClientModel;

/**
 * Where an app's own login starts, and the per-organisation link into it ({@code ?kc_org=alias}): the
 * onboarding answer lists these links, and an IdP-initiated sign-in lands on one, so the app starts its
 * own login and Keycloak's SSO session signs the user in.
 */
public final class AppLogin {

    /** The client attribute that names where the app's login starts (the realm export sets it). */
    public static final String LOGIN_URL = "orgsso.loginUrl";

    private AppLogin() {
    }

    /** The app's login link for one organisation, or null when the app names no start. */
    public static String link(ClientModel client, String orgAlias) {
        String start = start(client);
        return start == null ? null : start + (start.contains("?") ? "&" : "?") + "kc_org="
                + URLEncoder.encode(orgAlias, StandardCharsets.UTF_8);
    }

    /** The app's own login start (an attribute the realm export sets), else its base URL. */
    public static String start(ClientModel client) {
        String login = client.getAttribute(LOGIN_URL);
        if (login != null && !login.isBlank()) {
            return login;
        }
        String base = client.getBaseUrl();
        if (base == null || base.isBlank()) {
            return null;
        }
        if (URI.create(base).isAbsolute() || client.getRootUrl() == null) {
            return base;
        }
        return client.getRootUrl().replaceAll("/$", "") + base;
    }
}
