package dev.orgsso.handoff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The handoff tokens a user was signed in with that could still be accepted, kept on the user in the
 * database ({@value #ATTRIBUTE}: {@code <jti hash>:<acceptable until>}), so that a replay is refused even
 * after every node restarted (Keycloak's single-use store, which refuses replays across the cluster first,
 * lives in memory). Expired entries are dropped on each write, so the list holds only the last minutes'.
 */
final class UsedTokens {

    static final String ATTRIBUTE = "orgsso.handoff.usedJti";

    private UsedTokens() {
    }

    /**
     * The user's list with this token added and expired entries dropped; null when the token is in it
     * already (a replay).
     */
    static List<String> remember(List<String> stored, HandoffClaims claims, long now) {
        String hash = hash(claims.jti());
        List<String> kept = new ArrayList<>();
        for (String entry : stored) {
            int colon = entry.lastIndexOf(':');
            long until;
            try {
                until = colon < 0 ? 0 : Long.parseLong(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            if (until < now) {
                continue;
            }
            if (entry.substring(0, colon).equals(hash)) {
                return null;
            }
            kept.add(entry);
        }
        kept.add(hash + ":" + claims.acceptableUntil());
        return kept;
    }

    /** 128 bits of SHA-256: enough to tell one user's tokens apart, nothing a customer sent kept verbatim. */
    private static String hash(String jti) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(jti.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
