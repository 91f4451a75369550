package dev.orgsso.onboarding;

import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.IdpType;
import dev.orgsso.core.OutsideUrls;
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

    /** The organisation's connection of that type, pending or live; null when none. */
    public IdentityProviderModel connection(OrganizationModel org, IdpType type) {
        IdentityProviderModel idp = session.identityProviders().getByAlias(type.alias(org.getId()));
        return idp != null && org.getId().equals(idp.getOrganizationId()) ? idp : null;
    }

    /** The redirect URI to register at the IdP for the organisation's connection of that type. */
    public String redirectUri(OrganizationModel org, IdpType type) {
        return Urls.identityProviderAuthnResponse(session.getContext().getUri().getBaseUri(), type.alias(org.getId()),
                session.getContext().getRealm().getName()).toString();
    }

    /** The links that take the organisation's users straight to this connection, per app. */
    public Map<String, String> loginLinks(OrganizationModel org, IdentityProviderModel idp) {
        @SuppressWarnings("unchecked")
        Map<String, String> links = (Map<String, String>) SsoView.of(session, org, idp).get("loginLinks");
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
}
