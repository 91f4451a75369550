package dev.orgsso.onboarding;

import dev.orgsso.core.ApiError;
import dev.orgsso.core.Audience;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.IdpType;
import dev.orgsso.core.OrganisationLookup;
import dev.orgsso.core.OutsideUrls;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Creates, updates and removes an organisation's customer IdP: a plain Keycloak OIDC IdP (so the admin
 * console shows and edits it) wired to the pack's flows, with the pack's claims mapper, linked to the
 * organisation. Everything is checked before anything is written.
 */
final class SsoOnboarding {

    static final String POST_LOGIN_FLOW = "orgsso post broker login";
    static final String MAPPER_NAME = "orgsso claims";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationProvider organizations;

    SsoOnboarding(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.organizations = session.getProvider(OrganizationProvider.class);
    }

    Optional<OrganizationModel> organization(String alias) {
        return Optional.ofNullable(OrganisationLookup.byAlias(session, alias));
    }

    /** Every IdP linked to the organisation, however it was made. */
    Stream<IdentityProviderModel> allIdps(OrganizationModel org) {
        return organizations.getIdentityProviders(org);
    }

    Stream<IdentityProviderModel> idps(OrganizationModel org) {
        return organizations.getIdentityProviders(org).filter(idp -> new FederatedIdp(idp).madeByPack());
    }

    record Result(IdentityProviderModel idp, boolean created) {
    }

    /**
     * Who saves: the vendor's onboarding API (its admin's input, live as saved) or a customer's IT admin
     * through a setup link (input from outside: the rules for outside URLs apply, and the connection stays
     * pending, offered to nobody, until its test sign-in passed and it is activated).
     */
    record Origin(OutsideUrls outside) {
        static Origin api() {
            return new Origin(null);
        }

        boolean setupLink() {
            return outside != null;
        }
    }

    Result save(String orgAlias, SsoRequest request, FederationSettings settings) {
        return save(orgAlias, request, settings, Origin.api());
    }

    /** Creates or updates the organisation's IdP of the request's type; creates the organisation when asked to. */
    Result save(String orgAlias, SsoRequest request, FederationSettings settings, Origin origin) {
        if (request.saml()) {
            return new SamlOnboarding(session).save(this, orgAlias, request, settings, origin);
        }
        OrganizationModel org = OrganisationLookup.byAlias(session, orgAlias);
        if (org == null && request.organizationName() == null) {
            throw new NotFound("Organization \"" + orgAlias + "\" does not exist. Create it first, or send "
                    + "\"organization\": {\"name\": ..., \"domains\": [...]} to create it in this call.");
        }
        String alias = org == null ? null : request.type().alias(org.getId());
        IdentityProviderModel existing = alias == null ? null : session.identityProviders().getByAlias(alias);
        if (origin.setupLink() && existing != null && !new FederatedIdp(existing).pending()) {
            throw new OnboardingRefused(ApiError.CONNECTION_LIVE, "The organisation's " + request.type().label()
                    + " connection is live; a setup link does not change it (a renewal link replaces its client secret).");
        }
        String clientSecret = request.clientSecret() != null ? request.clientSecret()
                : existing != null ? existing.getConfig().get("clientSecret") : null;
        if (request.clientId() == null && existing == null) {
            throw new OnboardingRefused(ApiError.CLIENT_ID_MISSING, "\"clientId\" is required: the application (client) ID registered at the IdP.");
        }
        if (clientSecret == null) {
            throw new OnboardingRefused(ApiError.CLIENT_SECRET_MISSING, "\"clientSecret\" is required: the client secret registered at the IdP.");
        }
        AuthenticationFlowModel firstLogin = flow(FederatedIdp.FIRST_LOGIN_FLOW);
        ProviderLocator locator = ProviderLocator.of(request.type(), request.tenant(), request.issuer(), settings);
        Discovery.Provider provider = Discovery.fetch(session, locator, settings.idpConnection(), origin.outside());

        if (org == null) {
            org = createOrganization(orgAlias, request);
            alias = request.type().alias(org.getId());
        }
        IdentityProviderModel idp = existing != null ? existing : new IdentityProviderModel();
        Map<String, String> config = new HashMap<>(idp.getConfig() == null ? Map.of() : idp.getConfig());
        config.put("issuer", provider.issuer());
        config.put("authorizationUrl", provider.authorizationUrl());
        config.put("tokenUrl", provider.tokenUrl());
        config.put("jwksUrl", provider.jwksUrl());
        config.put("useJwksUrl", "true");
        config.put("validateSignature", "true");
        putOrRemove(config, "userInfoUrl", provider.userInfoUrl());
        putOrRemove(config, "logoutUrl", provider.logoutUrl());
        if (request.clientId() != null) {
            config.put("clientId", request.clientId());
        }
        config.put("clientSecret", clientSecret);
        config.put("clientAuthMethod", "client_secret_post");
        config.put("defaultScope", String.join(" ", request.type().scopes()));
        config.put("pkceEnabled", "true");
        config.put("pkceMethod", "S256");
        config.put("syncMode", IdentityProviderSyncMode.IMPORT.name());
        config.put("backchannelSupported", "false");
        config.put(FederatedIdp.TYPE, request.type().value());
        putOrRemove(config, FederatedIdp.TENANT_ID, provider.tenantId());
        putOrRemove(config, FederatedIdp.DOMAIN_HINT, locator.domainHint());
        // Keycloak passes a client note on to the IdP only when the IdP's forwardParameters names it.
        putOrRemove(config, "forwardParameters", locator.domainHint() == null ? null : "domain_hint");
        config.put(Audience.ATTRIBUTE, Audience.parse(request.audience() != null ? request.audience()
                : config.get(Audience.ATTRIBUTE)).value());
        if (request.expiryGiven()) {
            putOrRemove(config, FederatedIdp.SECRET_EXPIRES_AT, request.clientSecretExpiresAt());
            // A new date starts the warnings afresh.
            config.remove(FederatedIdp.SECRET_EXPIRY_WARNED);
        }
        if (origin.setupLink()) {
            config.put(FederatedIdp.PENDING, "true");
            config.put(FederatedIdp.OUTSIDE, "true");
        }
        idp.setConfig(config);
        idp.setAlias(alias);
        idp.setProviderId("oidc");
        idp.setDisplayName(org.getName() + " (" + request.type().label() + ")");
        // A setup link's connection is enabled (its broker endpoint must answer the test sign-in) and pending.
        idp.setEnabled(origin.setupLink() || (request.enabled() == null ? existing == null || existing.isEnabled() : request.enabled()));
        idp.setTrustEmail(false);
        idp.setStoreToken(false);
        idp.setLinkOnly(false);
        idp.setHideOnLogin(true);
        idp.setFirstBrokerLoginFlowId(firstLogin.getId());
        // No post broker login flow: the pack's OIDC provider guards the audience and keeps the confirmed
        // email verified on every sign-in; the pack's post broker flow (set by earlier versions) would only
        // add two redirects to each. A post broker flow of the admin's own stays.
        AuthenticationFlowModel packPostLogin = realm.getFlowByAlias(POST_LOGIN_FLOW);
        if (packPostLogin != null && packPostLogin.getId().equals(idp.getPostBrokerLoginFlowId())) {
            idp.setPostBrokerLoginFlowId(null);
        }
        if (existing == null) {
            idp = session.identityProviders().create(idp);
            link(org, idp);
        } else {
            session.identityProviders().update(idp);
        }
        ensureMapper(idp, request.type());
        return new Result(session.identityProviders().getByAlias(alias), existing == null);
    }

    boolean remove(OrganizationModel org, IdpType type) {
        return remove(org, type.alias(org.getId()));
    }

    /** Removes the organisation's IdP of that alias (OIDC or SAML), if it is the organisation's. */
    boolean remove(OrganizationModel org, String alias) {
        IdentityProviderModel idp = session.identityProviders().getByAlias(alias);
        if (idp == null) {
            return false;
        }
        organizations.removeIdentityProvider(org, idp);
        return session.identityProviders().remove(idp.getAlias());
    }

    private void ensureMapper(IdentityProviderModel idp, IdpType type) {
        IdentityProviderMapperModel mapper = session.identityProviders().getMapperByName(idp.getAlias(), MAPPER_NAME);
        boolean create = mapper == null;
        if (create) {
            mapper = new IdentityProviderMapperModel();
            mapper.setName(MAPPER_NAME);
            mapper.setIdentityProviderAlias(idp.getAlias());
            mapper.setIdentityProviderMapper(FederatedIdp.CLAIMS_MAPPER);
        }
        Map<String, String> config = new HashMap<>(mapper.getConfig() == null ? Map.of() : mapper.getConfig());
        config.put(FederatedIdp.CLAIMS_MAPPER_TYPE, type.value());
        config.put("syncMode", "INHERIT");
        mapper.setConfig(config);
        if (create) {
            session.identityProviders().createMapper(mapper);
        } else {
            session.identityProviders().updateMapper(mapper);
        }
    }

    void link(OrganizationModel org, IdentityProviderModel idp) {
        organizations.addIdentityProvider(org, idp);
    }

    OrganizationModel createOrganization(String alias, SsoRequest request) {
        OrganizationModel org = organizations.create(request.organizationName(), alias);
        // The vendor's onboarding names the customer's domains: they are verified (the domain rule trusts them).
        org.setDomains(new java.util.HashSet<>(request.domains().stream().map(d -> new OrganizationDomainModel(d, true)).toList()));
        return org;
    }

    AuthenticationFlowModel flow(String alias) {
        AuthenticationFlowModel flow = realm.getFlowByAlias(alias);
        if (flow == null) {
            throw new OnboardingRefused(ApiError.FLOW_MISSING, "The realm has no flow \"" + alias + "\". Import realm-exports/helpdesk-realm.json "
                    + "(or copy its OrgSSO flows) before onboarding organizations.");
        }
        return flow;
    }

    static void putOrRemove(Map<String, String> config, String key, String value) {
        if (value == null) {
            config.remove(key);
        } else {
            config.put(key, value);
        }
    }

    /** No such organisation: answered with 404. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }
}
