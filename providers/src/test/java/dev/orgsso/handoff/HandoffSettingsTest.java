package dev.orgsso.handoff;

import dev.orgsso.testing.Fake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orgsso.handoff.HandoffSettings.Secret;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeyManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

class HandoffSettingsTest {

    /** The organization's attributes as Keycloak stores them; setAttributes replaces them. */
    private Map<String, List<String>> stored = new HashMap<>();
    private int saves;
    private final OrganizationModel org = Fake.of(OrganizationModel.class, Map.of(
            "getAttributes", a -> stored,
            "setAttributes", a -> {
                @SuppressWarnings("unchecked")
                Map<String, List<String>> values = (Map<String, List<String>>) a[0];
                stored = new HashMap<>(values);
                saves++;
                return null;
            }));

    private HandoffSettings with(String key, String... values) {
        stored.put(key, List.of(values));
        return new HandoffSettings(org);
    }

    private static SecretVault vault() {
        KeyWrapper key = new KeyWrapper();
        key.setKid("k");
        key.setSecretKey(new SecretKeySpec(new byte[16], "AES"));
        KeyManager keys = Fake.of(KeyManager.class, Map.of("getActiveKey", a -> key, "getKey", a -> key));
        return new SecretVault(Fake.of(KeycloakSession.class, Map.of("keys", a -> keys)),
                Fake.of(RealmModel.class, Map.of("getName", a -> "helpdesk")));
    }

    @Test
    @DisplayName("Given the enabled attribute, only \"true\" (any case) enables handoff")
    void enabled() {
        assertFalse(new HandoffSettings(org).enabled(), "missing");
        for (String yes : List.of("true", "TRUE", "True")) {
            assertTrue(with(HandoffSettings.ENABLED, yes).enabled(), yes);
        }
        for (String no : List.of("false", "yes", "1", "", " true", "on")) {
            assertFalse(with(HandoffSettings.ENABLED, no).enabled(), no);
        }
        stored.put(HandoffSettings.ENABLED, List.of());
        assertFalse(new HandoffSettings(org).enabled(), "an empty list");
    }

    @Test
    @DisplayName("Given an iat window, a number is used (at least 1 s); anything else is the 180 s default")
    void iatWindow() {
        assertEquals(180, new HandoffSettings(org).iatWindowSeconds());
        assertEquals(30, with(HandoffSettings.IAT_WINDOW, " 30 ").iatWindowSeconds());
        assertEquals(1, with(HandoffSettings.IAT_WINDOW, "0").iatWindowSeconds(), "never a zero window");
        assertEquals(1, with(HandoffSettings.IAT_WINDOW, "-600").iatWindowSeconds(), "never negative");
        for (String bad : List.of("abc", "", "1e3", "30s", "99999999999999999999")) {
            assertEquals(180, with(HandoffSettings.IAT_WINDOW, bad).iatWindowSeconds(), bad);
        }
    }

    @Test
    @DisplayName("Given stored secret values, hand-edited or broken ones are skipped, never an error, and a sealed value keeps its dots and bars")
    void secretParsing() {
        assertEquals(new Secret("a", 5, "v1.x.y.z"), Secret.parse("a|5|v1.x.y.z"));
        assertEquals("v1|x|y", Secret.parse("id|5|v1|x|y").sealed(), "only the first two bars split");
        for (String bad : List.of("", "id", "id|5", "id|five|sealed", "id||sealed", "|x|")) {
            assertNull(Secret.parse(bad), bad);
        }
        HandoffSettings s = with(HandoffSettings.SECRETS, "junk", "a|1|sealed-a", "b|x|sealed-b", "c|3|sealed-c");
        assertEquals(List.of("a", "c"), s.secrets().stream().map(Secret::id).toList());
        assertEquals("a|1|sealed-a", new Secret("a", 1, "sealed-a").attributeValue(), "round trip");
    }

    @Test
    @DisplayName("Given two secrets, retiring one removes only that one; an unknown id removes nothing; the last one leaves no attribute")
    void retire() {
        HandoffSettings s = with(HandoffSettings.SECRETS, "a|1|sa", "b|2|sb");
        assertFalse(s.retire("c"));
        assertFalse(s.retire("a|1|sa"), "a whole value is no id");
        assertEquals(2, s.secrets().size());
        assertTrue(s.retire("a"));
        assertEquals(List.of("b|2|sb"), stored.get(HandoffSettings.SECRETS));
        assertTrue(s.retire("b"));
        assertFalse(stored.containsKey(HandoffSettings.SECRETS), stored.toString());
        assertFalse(s.retire("b"), "retired twice");
    }

    @Test
    @DisplayName("Given settings written in one request, each write is saved and the next read sees it (not the model's stale view)")
    void writesAreSavedAndSeen() {
        HandoffSettings s = new HandoffSettings(org);
        s.set(HandoffSettings.REMOTE_LOGIN_URL, "https://acme.test/login");
        s.add(new Secret("n", 9, "sealed"));
        assertEquals("https://acme.test/login", s.remoteLoginUrl());
        assertEquals(1, s.secrets().size());
        assertEquals(List.of("https://acme.test/login"), stored.get(HandoffSettings.REMOTE_LOGIN_URL));
        assertEquals(2, saves);
        s.set(HandoffSettings.REMOTE_LOGIN_URL, "  ");
        assertNull(s.remoteLoginUrl(), "blank removes");
        assertFalse(stored.containsKey(HandoffSettings.REMOTE_LOGIN_URL));
        s.set(HandoffSettings.LOGOUT_URL, null);
        assertNull(s.logoutUrl());
    }

    @Test
    @DisplayName("Given a clear secret from a realm import, it is sealed, the clear value removed, and it unseals to the same secret")
    void importedSecretIsSealed() {
        SecretVault vault = vault();
        HandoffSettings s = with(HandoffSettings.IMPORTED_SECRET, "demo-secret-from-import");
        s.sealImportedSecret(vault);
        assertFalse(stored.containsKey(HandoffSettings.IMPORTED_SECRET), "no clear secret left");
        assertFalse(stored.toString().contains("demo-secret-from-import"), stored.toString());
        List<Secret> secrets = new HandoffSettings(org).secrets();
        assertEquals(1, secrets.size());
        assertEquals("imported", secrets.get(0).id());
        assertEquals("demo-secret-from-import", vault.unseal(secrets.get(0).sealed()));
        int before = saves;
        new HandoffSettings(org).sealImportedSecret(vault);
        assertEquals(before, saves, "nothing to seal: nothing written");
    }

    @Test
    @DisplayName("Given an imported secret while two secrets are live already, it is dropped, not made a third live secret")
    void importedSecretBeyondTwoIsDropped() {
        stored.put(HandoffSettings.SECRETS, List.of("a|1|sa", "b|2|sb"));
        stored.put(HandoffSettings.IMPORTED_SECRET, List.of("third"));
        new HandoffSettings(org).sealImportedSecret(vault());
        assertEquals(2, new HandoffSettings(org).secrets().size());
        assertFalse(stored.containsKey(HandoffSettings.IMPORTED_SECRET));
    }

    @Test
    @DisplayName("Given a blank imported secret, it is removed and nothing is sealed")
    void blankImportedSecret() {
        with(HandoffSettings.IMPORTED_SECRET, "   ").sealImportedSecret(vault());
        assertFalse(stored.containsKey(HandoffSettings.IMPORTED_SECRET));
        assertTrue(new HandoffSettings(org).secrets().isEmpty());
    }
}
