package dev.orgsso.scim;

import dev.orgsso.core.OrganisationToken;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * An organisation's SCIM bearer tokens: {@link OrganisationToken}s kept on the organisation as the
 * attribute {@code orgsso.scimToken.<id>} (its hash and creation time, never the token), at most
 * {@link #MAX_LIVE} at once so that a client can rotate: add the new one, switch, revoke the old one.
 */
final class ScimTokens {

    static final String ATTRIBUTE_PREFIX = "orgsso.scimToken.";
    static final int MAX_LIVE = 2;

    record Token(String id, String hash, Instant createdAt) {
    }

    private final KeycloakSession session;

    ScimTokens(KeycloakSession session) {
        this.session = session;
    }

    /** The new token (shown once), or empty when two are live already. */
    Optional<OrganisationToken.Issued> create(OrganizationModel org) {
        if (live(org).size() >= MAX_LIVE) {
            return Optional.empty();
        }
        OrganisationToken.Issued issued = OrganisationToken.issue(org);
        Map<String, List<String>> attributes = new HashMap<>(org.getAttributes());
        attributes.put(ATTRIBUTE_PREFIX + issued.id(), List.of("hash=" + issued.secretHash(),
                "createdAt=" + Instant.now().getEpochSecond()));
        org.setAttributes(attributes);
        return Optional.of(issued);
    }

    List<Token> live(OrganizationModel org) {
        return org.getAttributes().entrySet().stream()
                .filter(e -> e.getKey().startsWith(ATTRIBUTE_PREFIX))
                .map(e -> token(e.getKey().substring(ATTRIBUTE_PREFIX.length()), e.getValue()))
                .filter(java.util.Objects::nonNull)
                .sorted(Comparator.comparing(Token::createdAt))
                .toList();
    }

    boolean revoke(OrganizationModel org, String id) {
        Map<String, List<String>> attributes = new HashMap<>(org.getAttributes());
        if (attributes.remove(ATTRIBUTE_PREFIX + id) == null) {
            return false;
        }
        org.setAttributes(attributes);
        return true;
    }

    /** The organisation a bearer token belongs to, when it is one of its live tokens; with the token's id. */
    Optional<Authenticated> authenticate(String bearer) {
        OrganisationToken.Parts parts = OrganisationToken.parse(bearer);
        OrganizationModel org = parts == null ? null : session.getProvider(OrganizationProvider.class).getById(parts.organizationId());
        if (org == null || !org.isEnabled()) {
            return Optional.empty();
        }
        List<String> values = org.getAttributes().get(ATTRIBUTE_PREFIX + parts.id());
        Token token = values == null ? null : token(parts.id(), values);
        return token != null && parts.matches(token.hash()) ? Optional.of(new Authenticated(org, token.id())) : Optional.empty();
    }

    record Authenticated(OrganizationModel org, String tokenId) {
    }

    private static Token token(String id, List<String> values) {
        String hash = null;
        long created = 0;
        for (String v : values) {
            if (v.startsWith("hash=")) {
                hash = v.substring(5);
            } else if (v.startsWith("createdAt=")) {
                try {
                    created = Long.parseLong(v.substring(10));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return hash == null ? null : new Token(id, hash, Instant.ofEpochSecond(created));
    }
}
