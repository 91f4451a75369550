package dev.orgsso.setup;

import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.OrganisationLookup;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;

/**
 * Before a connection's client secret expires (the expiry warnings at 30, 7 and 1 days), or a SAML
 * connection's signing certificate, the organisation's IT contact gets a renewal link by mail: it can only
 * replace the secret and its expiry date, or the SAML connection's pinned certificates (from new metadata).
 * The newest renewal link of a connection is the only one that works.
 */
public final class SetupRenewal {

    /** Where the organisation's links were opened from: the timer has no request to build a URL from. */
    static final String BASE_URL_ATTRIBUTE = "orgsso.setupBaseUrl";

    private SetupRenewal() {
    }

    /**
     * Called by the expiry checks on the warnings before expiry (client secrets, SAML certificates); does
     * nothing without an IT contact, or for an IdP the pack did not make.
     */
    public static void offer(KeycloakSession session, IdentityProviderModel idp, long daysLeft) {
        OrganizationModel org = OrganisationLookup.of(session, idp);
        String contact = org == null ? null : SetupContact.of(org);
        String base = org == null ? null : baseUrl(org);
        if (contact == null || base == null || daysLeft < 1 || !new FederatedIdp(idp).madeByPack()) {
            return;
        }
        int days = (int) Math.max(3, Math.min(SetupLinkAdminResource.MAX_DAYS, daysLeft + 7));
        SetupLinks.Created created = create(new SetupLinks(session), org, idp, days, contact, null);
        String url = base + "/" + created.token();
        boolean mailed = SetupMail.send(session, org, created.link(), url, daysLeft);
        SetupEvent.record(session, OperationType.CREATE, Decision.SETUP_RENEWAL_SENT, org, created.link(),
                Map.of(Detail.IDENTITY_PROVIDER, idp.getAlias(), Detail.DAYS_LEFT, Long.toString(daysLeft),
                        Detail.SETUP_RESULT, mailed ? "mailed" : "mail_failed"));
    }

    /** A new renewal link for the connection; the connection's earlier renewal links stop working. */
    static SetupLinks.Created create(SetupLinks links, OrganizationModel org, IdentityProviderModel idp, int days, String contact,
                                     String createdBy) {
        long now = Instant.now().getEpochSecond();
        links.live(org).filter(l -> l.purpose() == SetupLink.Purpose.RENEWAL && idp.getAlias().equals(l.idpAlias()))
                .toList().forEach(old -> links.save(org, old.revoked(now)));
        return links.create(org, SetupLink.Purpose.RENEWAL, days, contact, createdBy, idp.getAlias());
    }

    /** Remembers the URL the organisation's setup pages live at, as of a request that knows it. */
    static void rememberBaseUrl(OrganizationModel org, String linkUrl, String token) {
        String base = linkUrl.substring(0, linkUrl.length() - token.length() - 1);
        if (!base.equals(baseUrl(org))) {
            Map<String, List<String>> attributes = new HashMap<>(org.getAttributes());
            attributes.put(BASE_URL_ATTRIBUTE, List.of(base));
            org.setAttributes(attributes);
        }
    }

    private static String baseUrl(OrganizationModel org) {
        List<String> values = org.getAttributes().get(BASE_URL_ATTRIBUTE);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
