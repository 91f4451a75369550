package dev.orgsso.setup;

import dev.orgsso.core.OrganisationToken;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * The setup links of the organisations: made, listed, revoked and opened here only. Their tokens are
 * {@link OrganisationToken}s: bound to one organisation, stored as a hash.
 */
final class SetupLinks {

    static final String ATTRIBUTE_PREFIX = "orgsso.setupLink.";

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
        OrganisationToken.Issued issued = OrganisationToken.issue(org);
        long now = Instant.now().getEpochSecond();
        SetupLink link = new SetupLink(issued.id(), purpose, issued.secretHash(), now, now + days * 86_400L, contact, createdBy, null,
                null, idpAlias, null, null, null);
        save(org, link);
        return new Created(link, issued.token());
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
        OrganisationToken.Parts parts = OrganisationToken.parse(token);
        OrganizationModel org = parts == null ? null : session.getProvider(OrganizationProvider.class).getById(parts.organizationId());
        if (org == null) {
            return null;
        }
        SetupLink link = get(org, parts.id()).orElse(null);
        if (link == null || !parts.matches(link.secretHash())) {
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
}
