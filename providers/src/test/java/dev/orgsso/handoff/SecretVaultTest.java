package dev.orgsso.handoff;

import dev.orgsso.testing.Fake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeyManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

class SecretVaultTest {

    private static final String SECRET = "it-demo-jwt-secret-0123456789abcdef0123456789abcdef";

    /** The realm's AES keys by key id, as Keycloak's key manager hands them out; "active" is the one sealing. */
    private final Map<String, KeyWrapper> keys = new HashMap<>();
    private String active;
    private final RealmModel realm = Fake.of(RealmModel.class, Map.of("getName", a -> "helpdesk"));
    private final SecretVault vault = new SecretVault(Fake.of(KeycloakSession.class, Map.of("keys", a -> Fake.of(KeyManager.class, Map.of(
            "getActiveKey", k -> active == null ? null : keys.get(active),
            "getKey", k -> keys.get((String) k[1]))))), realm);

    SecretVaultTest() {
        addKey("kid-1", (byte) 1);
        active = "kid-1";
    }

    private void addKey(String kid, byte fill) {
        KeyWrapper key = new KeyWrapper();
        key.setKid(kid);
        byte[] bytes = new byte[16];
        java.util.Arrays.fill(bytes, fill);
        key.setSecretKey(new SecretKeySpec(bytes, "AES"));
        keys.put(kid, key);
    }

    private static String flip(String sealed, int part) {
        String[] p = sealed.split("\\.");
        byte[] b = Base64.getUrlDecoder().decode(p[part]);
        b[0] ^= 1;
        p[part] = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        return String.join(".", p);
    }

    @Test
    @DisplayName("Given a sealed secret, it unseals to the secret and shows nothing of it")
    void sealAndUnseal() {
        String sealed = vault.seal(SECRET);
        assertTrue(sealed.startsWith("v1." + Base64.getUrlEncoder().withoutPadding().encodeToString("kid-1".getBytes(StandardCharsets.UTF_8)) + "."),
                sealed);
        assertEquals(4, sealed.split("\\.").length);
        assertFalse(sealed.contains(SECRET) || sealed.contains(Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8))),
                "not in clear, not merely encoded");
        assertEquals(SECRET, vault.unseal(sealed));
    }

    @Test
    @DisplayName("Given the same secret sealed twice, the two values differ (a fresh IV each time)")
    void freshIvEachTime() {
        assertNotEquals(vault.seal(SECRET), vault.seal(SECRET));
    }

    @Test
    @DisplayName("Given a tampered IV, ciphertext or key id, nothing is unsealed")
    void tamperingIsDetected() {
        String sealed = vault.seal(SECRET);
        assertNull(vault.unseal(flip(sealed, 2)), "IV");
        assertNull(vault.unseal(flip(sealed, 3)), "ciphertext (GCM tag)");
        assertNull(vault.unseal(flip(sealed, 1)), "key id");
        String[] p = sealed.split("\\.");
        assertNull(vault.unseal(p[0] + "." + p[1] + "." + p[2] + "." + p[3].substring(0, p[3].length() - 4)), "truncated");
    }

    @Test
    @DisplayName("Given values that are not the vault's (another version, parts missing or extra, not base64, null), nothing is unsealed and nothing throws")
    void foreignValuesAreNotUnsealed() {
        String sealed = vault.seal(SECRET);
        String[] p = sealed.split("\\.");
        for (String foreign : new String[] {null, "", SECRET, "v2." + p[1] + "." + p[2] + "." + p[3], p[1] + "." + p[2] + "." + p[3],
                sealed + ".x", "v1.!!!." + p[2] + "." + p[3], "v1." + p[1] + ".***." + p[3], "v1." + p[1] + "." + p[2] + ".%%%", "v1...",
                "v1." + p[1] + ".." + p[3]}) {
            assertNull(vault.unseal(foreign), String.valueOf(foreign));
        }
    }

    @Test
    @DisplayName("Given the realm rotated its key, a secret sealed with the old key unseals while that key exists, and not once it is gone")
    void keyRotation() {
        String old = vault.seal(SECRET);
        addKey("kid-2", (byte) 2);
        active = "kid-2";
        String fresh = vault.seal(SECRET);
        assertTrue(fresh.split("\\.")[1].equals(Base64.getUrlEncoder().withoutPadding().encodeToString("kid-2".getBytes(StandardCharsets.UTF_8))));
        assertEquals(SECRET, vault.unseal(old), "the old key still serves what it sealed");
        keys.remove("kid-1");
        assertNull(vault.unseal(old), "its key is gone: the secret is simply not live");
        assertEquals(SECRET, vault.unseal(fresh));
    }

    @Test
    @DisplayName("Given a value sealed under another key with the same key id, nothing is unsealed")
    void anotherKeyUnderTheSameIdFails() {
        String sealed = vault.seal(SECRET);
        addKey("kid-1", (byte) 9);
        assertNull(vault.unseal(sealed));
    }

    @Test
    @DisplayName("Given a realm without an active AES key, sealing fails loudly rather than storing a secret in clear")
    void noActiveKey() {
        active = null;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> vault.seal(SECRET));
        assertTrue(e.getMessage().contains("helpdesk"), e.getMessage());
    }

    @Test
    @DisplayName("Given generated secrets, each is 256 bits as 43 base64url characters, and they differ")
    void generatedSecrets() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String s = SecretVault.generate();
            assertTrue(s.matches("[A-Za-z0-9_-]{43}"), s);
            assertEquals(32, Base64.getUrlDecoder().decode(s).length);
            assertTrue(seen.add(s), "a repeated secret");
        }
    }

    @Test
    @DisplayName("Given a secret with characters beyond ASCII, it comes back byte for byte")
    void unicodeSecret() {
        String s = "sécret-ключ-秘密-🔑";
        assertEquals(s, vault.unseal(vault.seal(s)));
    }
}
