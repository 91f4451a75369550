package dev.orgsso.handoff;

import dev.orgsso.testing.Fake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The shape check in front of the allow-list: what is refused before Keycloak's redirect-URI matching
 * is asked at all. The session here answers nothing, so a value that gets as far as the allow-list
 * shows as an {@link Fake.Untouched} call; the allow-list itself (other ports, paths, hosts) is
 * Keycloak's and is proven against a running server in HandoffIT.
 */
class ReturnTargetTest {

    private final KeycloakSession session = Fake.of(KeycloakSession.class, Map.of());
    private final RealmModel realm = Fake.of(RealmModel.class, Map.of());

    private void assertRefused(String returnTo) {
        HandoffRefused refused = assertThrows(HandoffRefused.class, () -> ReturnTarget.resolve(session, realm, returnTo), returnTo);
        assertEquals("return_to_not_allowed", refused.reason());
        assertEquals(400, refused.status());
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("Given a return_to that is not an absolute http(s) URL with a host and no credentials, it is refused before any lookup")
    @ValueSource(strings = {
            "//evil.example/main-app/",
            "///evil.example/main-app/",
            "/main-app/callback",
            "main-app/callback",
            "javascript:alert(1)",
            "JavaScript:alert(document.cookie)",
            "data:text/html,hi",
            "ftp://app.test/main-app/",
            "file:///etc/passwd",
            "https:evil.example",
            "http:///main-app/",
            "https://user@app.test/main-app/",
            "https://app.test@evil.example/main-app/",
            "https://user:pass@app.test/main-app/",
            "https://%40@app.test/main-app/",
            "http://app.test\\@evil.example/main-app/",
            "http:\\\\evil.example\\main-app",
            "\\\\evil.example/main-app",
            "https://app.test:80:80/main-app/",
            "https://[::1/main-app/",
            " https://app.test/main-app/",
            "https://app.test/main app/",
            "https://app.test/main-app/\u0000",
            "%2F%2Fevil.example",
            "https%3A%2F%2Fevil.example%2F",
    })
    void refusedByShape(String returnTo) {
        assertRefused(returnTo);
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("Given a well-formed absolute http(s) URL, the shape check lets it through to the allow-list (any case of scheme)")
    @ValueSource(strings = {
            "https://app.test/main-app/",
            "http://localhost:8090/main-app/callback",
            "HTTPS://App.Test/main-app/",
            "https://app.test:8443/main-app/%2e%2e/admin",
            "https://evil.example/main-app/",
    })
    void wellFormedUrlsReachTheAllowList(String returnTo) {
        // The allow-list starts with the session (the realm's own resume URL, then the clients).
        assertThrows(Fake.Untouched.class, () -> ReturnTarget.resolve(session, realm, returnTo), returnTo);
    }

    @Test
    @DisplayName("Given no return_to (missing or empty), the main app's base URL is the target")
    void noReturnToIsTheMainApp() throws HandoffRefused {
        RealmModel withMainApp = Fake.of(RealmModel.class, Map.of("getClientByClientId", a -> "main-app".equals(a[0])
                ? Fake.of(ClientModel.class, Map.of("getRootUrl", b -> "http://localhost:8090", "getBaseUrl", b -> "/main-app/login"))
                : null));
        assertEquals(URI.create("http://localhost:8090/main-app/login"), ReturnTarget.resolve(session, withMainApp, null));
        assertEquals(URI.create("http://localhost:8090/main-app/login"), ReturnTarget.resolve(session, withMainApp, ""));
    }

    @Test
    @DisplayName("Given a main app whose base URL is absolute, it is used as it is; without a base URL, the root URL")
    void mainAppBaseUrlForms() throws HandoffRefused {
        RealmModel absolute = realmWithMainApp("http://localhost:8090", "https://app.test/start");
        assertEquals(URI.create("https://app.test/start"), ReturnTarget.resolve(session, absolute, null));
        RealmModel rootOnly = realmWithMainApp("http://localhost:8090", null);
        assertEquals(URI.create("http://localhost:8090"), ReturnTarget.resolve(session, rootOnly, ""));
    }

    @Test
    @DisplayName("Given a realm without main-app, or a main-app without a root URL, a handoff without return_to is refused, not sent anywhere")
    void noMainAppIsRefused() {
        RealmModel none = Fake.of(RealmModel.class, Map.of("getClientByClientId", a -> null));
        HandoffRefused refused = assertThrows(HandoffRefused.class, () -> ReturnTarget.resolve(session, none, null));
        assertEquals("return_to_not_allowed", refused.reason());
        assertThrows(HandoffRefused.class, () -> ReturnTarget.resolve(session, realmWithMainApp(null, "/main-app/login"), null));
    }

    private static RealmModel realmWithMainApp(String rootUrl, String baseUrl) {
        ClientModel main = Fake.of(ClientModel.class, Map.of("getRootUrl", b -> rootUrl, "getBaseUrl", b -> baseUrl));
        return Fake.of(RealmModel.class, Map.of("getClientByClientId", a -> "main-app".equals(a[0]) ? main : null));
    }
}
