package dev.orgsso.bench;

import dev.orgsso.testkit.DemoApp;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An app's OIDC authorization request (code flow with PKCE S256, as the help desk apps send it), built
 * here so that every sign-in the benchmark times starts at Keycloak, not at the demo app.
 */
final class AuthorizationRequest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthorizationRequest() {
    }

    /** @param endpoint {@code auth}, or {@code registrations} for Keycloak's "register" entry */
    static String url(String keycloakUrl, String realm, String endpoint, String clientId, String redirectUri, Map<String, String> extra) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", clientId);
        q.put("redirect_uri", redirectUri);
        q.put("response_type", "code");
        q.put("scope", "openid");
        q.put("state", random());
        q.put("nonce", random());
        q.put("code_challenge", DemoApp.challenge(random() + random()));
        q.put("code_challenge_method", "S256");
        q.putAll(extra);
        return keycloakUrl + "/realms/" + realm + "/protocol/openid-connect/" + endpoint + "?" + DemoApp.form(q);
    }

    private static String random() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
