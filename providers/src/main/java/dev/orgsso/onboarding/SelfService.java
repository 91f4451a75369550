package dev.orgsso.onboarding;

import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.IdpType;
import dev.orgsso.core.OutsideUrls;
import dev.orgsso.core.SamlVendor;
import java.util.HashMap;
import java.util.Map;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.services.Urls;

/**
 * Onboarding as a setup link's pages use it: the same request reading, discovery and IdP wiring as the
 * onboarding API (one path for every check), with the origin "setup link": outside URL rules, and a
 * connection that stays pending until {@link #activate}. Failures are {@link OnboardingRefused} with the
 * API's codes; the pages turn the codes into sentences for the IT admin.
 */
public final class SelfService {

    private final KeycloakSession session;
    private final FederationSettings settings;
    private final OutsideUrls outside;

    public SelfService(KeycloakSession session, FederationSettings settings, OutsideUrls outside) {
        this.session = session;
        this.settings = settings;
        this.outside = outside;
    }

    /**
     * Saves what the IT admin entered (type, tenant or issuer, clientId, clientSecret, clientSecretExpiresAt)
     * as the organisation's pending connection of that type; a blank secret keeps the one saved before.
     */
    public IdentityProviderModel savePending(OrganizationModel org, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.remove("audience");
        body.remove("enabled");
        body.remove("organization");
        return new SsoOnboarding(session).save(org.getAlias(), SsoRequest.from(body), settings,
                new SsoOnboarding.Origin(outside)).idp();
    }

    /** Puts a pending connection live: from now on it is offered to the organisation's users. */
    public IdentityProviderModel activate(IdentityProviderModel idp) {
        idp.getConfig().remove(FederatedIdp.PENDING);
        idp.setEnabled(true);
        session.identityProviders().update(idp);
        return session.identityProviders().getByAlias(idp.getAlias());
    }

    /** A renewal: the client secret and its expiry date, nothing else; the expiry warnings start afresh. */
    public IdentityProviderModel renewSecret(IdentityProviderModel idp, String clientSecret, String expiresAt) {
        SsoRequest checked = SsoRequest.from(Map.of("type", new FederatedIdp(idp).type().value(), "clientSecret", clientSecret,
                "clientSecretExpiresAt", expiresAt));
        idp.getConfig().put("clientSecret", checked.clientSecret());
        idp.getConfig().put(FederatedIdp.SECRET_EXPIRES_AT, checked.clientSecretExpiresAt());
        idp.getConfig().remove(FederatedIdp.SECRET_EXPIRY_WARNED);
        session.identityProviders().update(idp);
        return session.identityProviders().getByAlias(idp.getAlias());
    }

    /**
     * A SAML renewal: new metadata (URL or XML) read and checked as at onboarding, under the rules for
     * outside URLs; only the pinned signing certificates change.
     */
    public IdentityProviderModel renewCertificates(IdentityProviderModel idp, String metadataUrl, String metadataXml) {
        return new SamlOnboarding(session).renewCertificates(idp, blankToNull(metadataUrl), blankToNull(metadataXml), settings,
                new SsoOnboarding.Origin(outside));
    }

    /** The organisation's connection of that alias (OIDC or SAML), pending or live; null when none or another's. */
    public IdentityProviderModel connection(OrganizationModel org, String alias) {
        IdentityProviderModel idp = session.identityProviders().getByAlias(alias);
        return idp != null && org.getId().equals(idp.getOrganizationId()) ? idp : null;
    }

    /** The URL the IdP answers at for the connection of that alias: OIDC's redirect URI, SAML's ACS URL. */
    public String redirectUri(String alias) {
        return Urls.identityProviderAuthnResponse(session.getContext().getUri().getBaseUri(), alias,
                session.getContext().getRealm().getName()).toString();
    }

    /** What to register at a SAML IdP for the connection of that alias, before or after it is saved (as the API answers it). */
    public Map<String, Object> samlRegistration(String alias, SamlVendor vendor) {
        return SamlOnboarding.customerSetup(session, alias, vendor, SamlOnboarding.spEntityId(session, alias));
    }

    /** The saved SAML connection as the onboarding API shows it: entity id, sign-in URL, metadata URL, certificates. */
    public Map<String, Object> view(OrganizationModel org, IdentityProviderModel idp) {
        return SsoView.of(session, org, idp);
    }

    /** The links that take the organisation's users straight to this connection, per app. */
    public Map<String, String> loginLinks(OrganizationModel org, IdentityProviderModel idp) {
        @SuppressWarnings("unchecked")
        Map<String, String> links = (Map<String, String>) view(org, idp).get("loginLinks");
        return links;
    }

    /** A renewal requires both fields; the same checks as the API's. */
    public static void requireSecret(String clientSecret, String expiresAt) {
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new OnboardingRefused(dev.orgsso.core.ApiError.CLIENT_SECRET_MISSING, "The new client secret is required.");
        }
        if (expiresAt == null || expiresAt.isBlank()) {
            throw new OnboardingRefused(dev.orgsso.core.ApiError.EXPIRY_INVALID, "The new secret's expiry date is required.");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
