package dev.orgsso.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.OrganizationModel;

/**
 * A bearer secret that belongs to one organisation (a setup link, a SCIM token): {@code
 * <organization id>.<id>.<secret>}. The organisation is found from the token itself, so a token of A
 * opens nothing of B (B has nothing of that id); only the SHA-256 of the secret is stored, and it is
 * compared in constant time. About 190 bits of secret (32 characters of SecretGenerator's alphabet).
 */
public final class OrganisationToken {

    private static final int ID_LENGTH = 16;
    private static final int SECRET_LENGTH = 32;
    private static final Pattern TOKEN = Pattern.compile(
            "([0-9a-f-]{36})\\.([A-Za-z0-9]{" + ID_LENGTH + "})\\.([A-Za-z0-9]{" + SECRET_LENGTH + "})");

    /** What a token names; {@link #secret} is only for {@link #matches}. */
    public record Parts(String organizationId, String id, String secret) {
        public boolean matches(String storedHash) {
            return storedHash != null && MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII),
                    hash(secret).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A new token: its id and hash are stored, the token is shown once. */
    public record Issued(String id, String token, String secretHash) {
    }

    private OrganisationToken() {
    }

    public static Issued issue(OrganizationModel org) {
        SecretGenerator random = SecretGenerator.getInstance();
        String id = random.randomString(ID_LENGTH);
        String secret = random.randomString(SECRET_LENGTH);
        return new Issued(id, org.getId() + "." + id + "." + secret, hash(secret));
    }

    /** The parts of a token, or null when it is not one (any length, any characters: nothing is looked up). */
    public static Parts parse(String token) {
        if (token == null || token.length() > 100) {
            return null;
        }
        Matcher m = TOKEN.matcher(token);
        return m.matches() ? new Parts(m.group(1), m.group(2), m.group(3)) : null;
    }

    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
