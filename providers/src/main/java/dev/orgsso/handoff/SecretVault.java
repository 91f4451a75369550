package dev.orgsso.handoff;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Handoff secrets at rest: sealed with the realm's own AES key (Keycloak's aes-generated key provider,
 * rotated and stored by Keycloak), AES-GCM, so the organisation attribute never holds the secret in
 * clear and admin APIs never show it. The HMAC check needs the secret itself, so a hash would not do.
 * Format: {@code v1.<key id>.<iv>.<ciphertext>} (base64url).
 */
final class SecretVault {

    private static final int IV_BYTES = 12;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final KeycloakSession session;
    private final RealmModel realm;

    SecretVault(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** A new shared secret: 256 random bits from Keycloak's SecretGenerator, base64url (43 characters). */
    static String generate() {
        return B64.encodeToString(SecretGenerator.getInstance().randomBytes(32));
    }

    String seal(String plaintext) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.ENC, Algorithm.AES);
        if (key == null || key.getSecretKey() == null) {
            throw new IllegalStateException("realm " + realm.getName() + " has no active AES key (aes-generated key provider)");
        }
        byte[] iv = SecretGenerator.getInstance().randomBytes(IV_BYTES);
        byte[] ct = crypt(Cipher.ENCRYPT_MODE, key.getSecretKey(), iv, plaintext.getBytes(StandardCharsets.UTF_8));
        return "v1." + B64.encodeToString(key.getKid().getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(iv) + "." + B64.encodeToString(ct);
    }

    /** The plaintext, or null when the value is not ours or its key is gone (then the secret is simply not live). */
    String unseal(String sealed) {
        String[] p = sealed == null ? new String[0] : sealed.split("\\.");
        if (p.length != 4 || !"v1".equals(p[0])) {
            return null;
        }
        try {
            String kid = new String(B64D.decode(p[1]), StandardCharsets.UTF_8);
            KeyWrapper key = session.keys().getKey(realm, kid, KeyUse.ENC, Algorithm.AES);
            if (key == null || key.getSecretKey() == null) {
                return null;
            }
            return new String(crypt(Cipher.DECRYPT_MODE, key.getSecretKey(), B64D.decode(p[2]), B64D.decode(p[3])), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return null;
        }
    }

    private static byte[] crypt(int mode, SecretKey key, byte[] iv, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, key, new GCMParameterSpec(128, iv));
            return c.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealed secret unreadable", e);
        }
    }
}
