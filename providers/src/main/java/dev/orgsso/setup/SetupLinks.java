package dev.orgsso.setup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * The setup links of the organisations: made, listed, revoked and opened here only. A token is
 * {@code <organization id>.<link id>.<secret>}: the organisation it is bound to is found from the token
 * (a link of organisation A opens nothing of B: B has no link of that id), the secret is compared, in
 * constant time, with the hash stored on the link.
 */
final class SetupLinks {

    static final String ATTRIBUTE_PREFIX = "orgsso.setupLink.";
    /** 32 random characters from SecretGenerator's alphabet: about 190 bits. */
    private static final int SECRET_LENGTH = 32;
    private static final Pattern TOKEN = Pattern.compile("([0-9a-f-]{36})\\.([A-Za-z0-9]{16})\\.([A-Za-z0-9]{" + SECRET_LENGTH + "})");

    private final KeycloakSession session;

    SetupLinks(KeycloakSession session) {
        this.session = session;
    }

    record Created(SetupLink link, String token) {
    }

    /** What opening a token found: the link and its organisation, or why not. */
    record Opened(OrganizationModel org, SetupLink link, SetupLink.State state) {
        boolean open() {
            return state == SetupLink.State.OPEN;
        }
    }

    Created create(OrganizationModel org, SetupLink.Purpose purpose, int days, String contact, String createdBy, String idpAlias) {
        SecretGenerator random = SecretGenerator.getInstance();
        String id = random.randomString(16);
        String secret = random.randomString(SECRET_LENGTH);
        long now = Instant.now().getEpochSecond();
        SetupLink link = new SetupLink(id, purpose, hash(secret), now, now + days * 86_400L, contact, createdBy, null, null,
                idpAlias, null, null, null);
        save(org, link);
        return new Created(link, org.getId() + "." + id + "." + secret);
    }

    /** Links that can still be opened, newest first. */
    Stream<SetupLink> live(OrganizationModel org) {
        Instant now = Instant.now();
        return all(org).filter(l -> l.state(now) == SetupLink.State.OPEN)
                .sorted(Comparator.comparingLong(SetupLink::createdAt).reversed());
    }

    Optional<SetupLink> get(OrganizationModel org, String id) {
        List<String> values = org.getAttributes().get(ATTRIBUTE_PREFIX + id);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(SetupLink.of(values));
    }

    void save(OrganizationModel org, SetupLink link) {
        Map<String, List<String>> attributes = new HashMap<>(org.getAttributes());
        attributes.put(ATTRIBUTE_PREFIX + link.id(), link.values());
        org.setAttributes(attributes);
    }

    /** Finds the link a token names; null when the token names none (malformed, unknown, wrong secret). */
    Opened open(String token) {
        var m = token == null ? null : TOKEN.matcher(token);
        if (m == null || !m.matches()) {
            return null;
        }
        OrganizationModel org = session.getProvider(OrganizationProvider.class).getById(m.group(1));
        if (org == null) {
            return null;
        }
        SetupLink link = get(org, m.group(2)).orElse(null);
        if (link == null || !MessageDigest.isEqual(link.secretHash().getBytes(StandardCharsets.US_ASCII),
                hash(m.group(3)).getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        return new Opened(org, link, link.state(Instant.now()));
    }

    private Stream<SetupLink> all(OrganizationModel org) {
        return org.getAttributes().entrySet().stream()
                .filter(e -> e.getKey().startsWith(ATTRIBUTE_PREFIX) && !e.getValue().isEmpty())
                .map(e -> SetupLink.of(e.getValue()))
                .filter(java.util.Objects::nonNull);
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
