package dev.orgsso.onboarding;

import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.IdpConnection;
import dev.orgsso.core.OnboardingEvent;
import dev.orgsso.core.OrganisationLookup;
import dev.orgsso.core.OutsideUrls;
import dev.orgsso.core.SamlCertificates;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/**
 * Keeps a SAML IdP's pinned signing certificates in step with its metadata URL, so that a rollover at
 * the customer's IdP (a new certificate published beside the old one, then the old one removed) reaches
 * the help desk before the old certificate stops signing, and the expiry warnings read the certificates
 * the IdP really uses. Run by the expiry check on every pack SAML IdP that has a metadata URL; the
 * metadata is fetched and checked exactly as at onboarding (a URL typed on a setup page through the
 * outside-URL rules), and only its certificates are taken: a changed entity id or SSO URL is a change
 * the vendor's admin makes, so it is logged and nothing is changed.
 */
public final class SamlKeyRefresh {

    private static final Logger LOG = Logger.getLogger(SamlKeyRefresh.class);

    private SamlKeyRefresh() {
    }

    /** Refreshes one IdP; true when its certificates changed. Never throws for what the customer's IdP answers. */
    public static boolean refresh(KeycloakSession session, IdentityProviderModel idp, IdpConnection connection, OutsideUrls outside) {
        FederatedIdp federated = new FederatedIdp(idp);
        Map<String, String> config = idp.getConfig() == null ? Map.of() : idp.getConfig();
        String url = config.get("metadataDescriptorUrl");
        if (federated.samlVendor() == null || url == null || url.isBlank()) {
            return false;
        }
        SamlMetadata.Idp metadata;
        try {
            String xml = SamlMetadata.fetch(session, url, connection, federated.fromOutside() ? outside : null);
            metadata = SamlMetadata.check(xml, "The metadata at " + url, Instant.now());
        } catch (OnboardingRefused e) {
            LOG.warnf("orgsso saml keys: idp=%s metadata not refreshed (%s): %s; the pinned certificates stay", idp.getAlias(),
                    e.code(), e.getMessage());
            return false;
        }
        if (!metadata.entityId().equals(config.get("idpEntityId"))) {
            LOG.warnf("orgsso saml keys: idp=%s the metadata at %s now names entity id %s, not %s; nothing changed (onboard again"
                    + " to accept it)", idp.getAlias(), url, metadata.entityId(), config.get("idpEntityId"));
            return false;
        }
        String before = config.get(SamlCertificates.CONFIG);
        Map<String, String> updated = new HashMap<>(config);
        SamlOnboarding.pin(updated, metadata.pinnedCertificates());
        if (metadata.pinnedCertificates().equals(before)) {
            return false;
        }
        idp.setConfig(updated);
        session.identityProviders().update(idp);
        record(session, idp, federated.credentialExpiresAt(), new FederatedIdp(idp).credentialExpiresAt());
        return true;
    }

    private static void record(KeycloakSession session, IdentityProviderModel idp, java.time.LocalDate before,
                               java.time.LocalDate after) {
        String orgAlias = OrganisationLookup.aliasOf(session, idp);
        LOG.infof("orgsso saml keys: idp=%s organization=%s signing certificates refreshed from the metadata URL (last expiry %s,"
                + " was %s)", idp.getAlias(), orgAlias, after, before);
        Map<String, String> details = new LinkedHashMap<>();
        details.put(Detail.DECISION, Decision.SAML_CERTIFICATES_REFRESHED.code());
        details.put(Detail.ORGANISATION, orgAlias == null ? "" : orgAlias);
        details.put(Detail.IDENTITY_PROVIDER, idp.getAlias());
        details.put(Detail.CREDENTIAL, FederatedIdp.Credential.SIGNING_CERTIFICATE.code());
        details.put(Detail.EXPIRES, String.valueOf(after));
        OnboardingEvent.recordWithoutAdmin(session, "orgsso", null, OperationType.UPDATE, ResourceType.IDENTITY_PROVIDER,
                "identity-provider/instances/" + idp.getAlias(), details, null);
    }
}
