package dev.orgsso.federation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.core.AudienceGuard;
import dev.orgsso.core.ConfirmedEmail;
import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.IdpConnection;
import dev.orgsso.core.OrganisationLookup;
import dev.orgsso.core.OutsideUrls;
import dev.orgsso.core.Reason;
import dev.orgsso.core.TestSignIn;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.broker.oidc.mappers.AbstractJsonUserAttributeMapper;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.PublicKeysWrapper;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.keys.PublicKeyStorageProvider;
import org.keycloak.keys.PublicKeyStorageUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.Urls;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.Booleans;
import org.keycloak.util.JWKSUtils;
import org.keycloak.util.JsonSerialization;

/**
 * Keycloak's OIDC IdP with the pack's additions, on every OIDC IdP of the realm:
 * <ul>
 *   <li>the audience guard ({@link AudienceGuard}) and, for an IdP linked to an organisation, the
 *   organisation's rules ({@link OrganisationIdpRules}: domain ownership, the pack's sign-up flow) on every
 *   sign-in, before Keycloak looks up or creates an account, however the IdP was made;</li>
 *   <li>a sign-up's confirmed email (emailed code, or an IdP that vouched for it) stays verified after
 *   Keycloak applied the IdP's "Trust email" switch ({@link ConfirmedEmail});</li>
 *   <li>for an IdP linked to an organisation (a customer's), the calls to it at sign-in (token, JWKS,
 *   userinfo) use the pack's own timeouts and at most {@link IdpConnection#maxInFlight()} of them are in
 *   flight on a node ({@link Bulkhead}): a customer IdP that hangs or is down costs its own users a quick
 *   "not answering" page ({@code idp_unavailable}), never the other customers their worker threads;</li>
 *   <li>when that IdP refuses our client credentials (an expired or replaced client secret), read from its
 *   answer to the code exchange, the user gets "your organisation's SSO setup needs attention" instead of
 *   Keycloak's generic error, and an event says which organisation's secret to renew.</li>
 * </ul>
 * The first two are not a post broker login flow because such a flow adds two redirects to every
 * sign-in; here they cost nothing beyond the check itself.
 */
final class PackOidcProvider extends OIDCIdentityProvider {

    private static final Logger LOG = Logger.getLogger(PackOidcProvider.class);
    /** The auth note where Keycloak keeps a broker login's PKCE verifier (26.7 AbstractOAuth2IdentityProvider#BROKER_CODE_CHALLENGE_PARAM). */
    private static final String PKCE_VERIFIER_NOTE = "BROKER_CODE_CHALLENGE";
    private static final MediaType JWT = MediaType.valueOf("application/jwt");

    private final IdpConnection connection;
    private final Bulkhead bulkhead;
    private final OutsideUrls outside;
    /** While Keycloak builds the identity from the ID token: its own userinfo call is skipped, the pack makes it. */
    private boolean buildingIdentity;
    /** Why the IdP's keys could not be loaded in this request, if that was the reason (Keycloak's key store swallows it). */
    private IdpUnavailable keysUnavailable;

    PackOidcProvider(KeycloakSession session, OIDCIdentityProviderConfig config, IdpConnection connection, Bulkhead bulkhead,
                     OutsideUrls outside) {
        super(session, config);
        this.connection = connection;
        this.bulkhead = bulkhead;
        this.outside = outside;
    }

    /**
     * The HTTP client for calls to this IdP: the pack's timeouts; for a connection whose URLs came from
     * outside (a setup link's), also the rules for outside URLs, checked when connecting (a name that now
     * resolves to an inside address is refused) and no redirects.
     */
    private SimpleHttp http() {
        return outside != null && new FederatedIdp(getConfig()).fromOutside() ? outside.http(connection) : connection.http(session);
    }

    /** A customer's IdP: linked to an organisation. Others keep Keycloak's calls exactly as they are. */
    private boolean customers() {
        return getConfig().getOrganizationId() != null;
    }

    @Override
    public void preprocessFederatedIdentity(KeycloakSession session, RealmModel realm, BrokeredIdentityContext context) {
        super.preprocessFederatedIdentity(session, realm, context);
        if (OrganisationIdpRules.signsIn(context)) {
            OrganisationIdpRules.enforce(session, realm, getConfig(), context);
        }
    }

    @Override
    protected void setEmailVerified(UserModel user, BrokeredIdentityContext context) {
        super.setEmailVerified(user, context);
        ConfirmedEmail.apply(context.getAuthenticationSession(), user);
    }

    /**
     * Every sign-in through an IdP starts here (the organisation page, {@code kc_idp_hint}, login-page
     * buttons, {@code /broker/{alias}/login}): a setup link's connection that is not activated yet admits
     * only its own test sign-in.
     */
    @Override
    public Response performLogin(AuthenticationRequest request) {
        if (pendingFor(request.getAuthenticationSession())) {
            return notLive(request.getAuthenticationSession());
        }
        return super.performLogin(request);
    }

    private boolean pendingFor(AuthenticationSessionModel authSession) {
        return new FederatedIdp(getConfig()).pending() && !TestSignIn.requested(authSession);
    }

    private Response notLive(AuthenticationSessionModel authSession) {
        OrganizationModel org = OrganisationLookup.of(session, getConfig());
        LOG.infof("orgsso idp not live: realm=%s organization=%s idp=%s is waiting for its setup link's activation",
                session.getContext().getRealm().getName(), org == null ? "" : org.getAlias(), getConfig().getAlias());
        return ErrorPage.error(session, authSession, Response.Status.BAD_REQUEST, "orgssoOrgNoSso");
    }

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        return new Endpoint(callback, realm, event, this);
    }

    /** The IdP's signing keys through Keycloak's key store (cached, cluster-aware), loaded with the pack's timeouts. */
    @Override
    protected KeyWrapper getIdentityProviderKeyWrapper(JWSInput jws) {
        OIDCIdentityProviderConfig config = getConfig();
        if (!customers() || !config.isUseJwksUrl()) {
            return super.getIdentityProviderKeyWrapper(jws);
        }
        String modelKey = PublicKeyStorageUtils.getIdpModelCacheKey(session.getContext().getRealm().getId(), config.getInternalId());
        return session.getProvider(PublicKeyStorageProvider.class).getPublicKey(modelKey, jws.getHeader().getKeyId(),
                jws.getHeader().getRawAlgorithm(), this::loadKeys);
    }

    /** What Keycloak's OIDCIdentityProviderPublicKeyLoader does (26.7), with the pack's timeouts. */
    private PublicKeysWrapper loadKeys() throws IOException {
        SimpleHttpRequest request = http().doGet(getConfig().getJwksUrl())
                .header("Accept", "application/jwk-set+json, application/json");
        try (SimpleHttpResponse response = send(request)) {
            if (response.getStatus() != 200) {
                throw new IOException("the JWKS endpoint answered HTTP " + response.getStatus());
            }
            return JWKSUtils.getKeyWrappersForUse(response.asJson(JSONWebKeySet.class), JWK.Use.SIG, true);
        } catch (IdpUnavailable e) {
            keysUnavailable = e;
            throw e;
        }
    }

    @Override
    protected String getUserInfoUrl() {
        return buildingIdentity ? null : super.getUserInfoUrl();
    }

    /**
     * Keycloak's identity from the ID token, then the userinfo call made here with the pack's timeouts and
     * applied as Keycloak applies it (26.7 OIDCIdentityProvider#extractIdentity: userinfo's sub, names,
     * username and email replace the ID token's; the profile is kept for the JSON attribute mappers).
     */
    @Override
    protected BrokeredIdentityContext extractIdentity(AccessTokenResponse tokenResponse, String accessToken, JsonWebToken idToken)
            throws IOException {
        String userInfoUrl = super.getUserInfoUrl();
        if (!customers() || getConfig().isDisableUserInfoService() || userInfoUrl == null || userInfoUrl.isEmpty() || accessToken == null) {
            return super.extractIdentity(tokenResponse, accessToken, idToken);
        }
        BrokeredIdentityContext identity;
        buildingIdentity = true;
        try {
            identity = super.extractIdentity(tokenResponse, accessToken, idToken);
        } finally {
            buildingIdentity = false;
        }
        JsonNode userInfo = userInfo(userInfoUrl, accessToken);
        String id = getJsonProperty(userInfo, "sub");
        String name = getJsonProperty(userInfo, "name");
        String givenName = getJsonProperty(userInfo, "given_name");
        String familyName = getJsonProperty(userInfo, "family_name");
        String username = getUsernameFromUserInfo(userInfo);
        String email = getJsonProperty(userInfo, "email");
        AbstractJsonUserAttributeMapper.storeUserProfileForMapper(identity, userInfo, getConfig().getAlias());
        identity.setId(id);
        identity.setFirstName(givenName);
        identity.setLastName(familyName);
        if (givenName == null && familyName == null) {
            identity.setName(name);
        }
        identity.setEmail(email);
        identity.setBrokerUserId(getConfig().getAlias() + "." + id);
        identity.setUsername(username != null ? username : email != null ? email : id);
        return identity;
    }

    private JsonNode userInfo(String url, String accessToken) throws IOException {
        try (SimpleHttpResponse response = send(http().doGet(url).header("Authorization", "Bearer " + accessToken))) {
            if (response.getStatus() != 200) {
                throw new IdentityBrokerException("Failed to invoke url [" + url + "]: HTTP " + response.getStatus());
            }
            MediaType type;
            try {
                type = MediaType.valueOf(response.getFirstHeader("Content-Type"));
            } catch (IllegalArgumentException e) {
                type = null;
            }
            if (type != null && MediaType.APPLICATION_JSON_TYPE.isCompatible(type) && !type.isWildcardType() && !type.isWildcardSubtype()) {
                return response.asJson();
            }
            if (type != null && JWT.isCompatible(type) && !type.isWildcardType() && !type.isWildcardSubtype()) {
                return JsonSerialization.readValue(parseTokenInput(response.asString(), false), JsonNode.class);
            }
            throw new IdentityBrokerException("Unsupported content-type [" + type + "] in response from [" + url + "].");
        }
    }

    /** Sends a call to the IdP; a timeout or a refused connection is an {@link IdpUnavailable}. */
    private static SimpleHttpResponse send(SimpleHttpRequest request) throws IOException {
        try {
            return request.asResponse();
        } catch (IOException e) {
            IdpUnavailable unavailable = IdpUnavailable.of(e);
            if (unavailable != null) {
                throw unavailable;
            }
            throw e;
        }
    }

    static final class Endpoint extends OIDCEndpoint {

        private final PackOidcProvider provider;

        Endpoint(AuthenticationCallback callback, RealmModel realm, EventBuilder event, PackOidcProvider provider) {
            super(callback, realm, event, provider);
            this.provider = provider;
        }

        /**
         * The code exchange of a customer's IdP, as Keycloak's (26.7 AbstractOAuth2IdentityProvider.Endpoint
         * #authResponse) but inside the IdP's bulkhead, with the pack's timeouts, and reading a refusal of our
         * client secret from the IdP's answer. Answers without a code (errors, cancel) stay Keycloak's.
         */
        @GET
        @Override
        public Response authResponse(@QueryParam(OAUTH2_PARAMETER_STATE) String state, @QueryParam(OAUTH2_PARAMETER_CODE) String authorizationCode,
                                     @QueryParam(OAuth2Constants.ERROR) String error,
                                     @QueryParam(OAuth2Constants.ERROR_DESCRIPTION) String errorDescription) {
            if (state != null && error != null && provider.customers() && new FederatedIdp(provider.getConfig()).pending()) {
                // A test sign-in the IdP refused or the IT admin cancelled: the setup page says which.
                AuthenticationSessionModel authSession = callback.getAndVerifyAuthenticationSession(state);
                if (TestSignIn.requested(authSession)) {
                    return TestSignIn.handBack(session, authSession, provider.getConfig().getAlias(), TestObservation.error(error));
                }
            }
            if (state == null || error != null || authorizationCode == null || !provider.customers()) {
                return super.authResponse(state, authorizationCode, error, errorDescription);
            }
            AuthenticationSessionModel authSession = null;
            try {
                authSession = callback.getAndVerifyAuthenticationSession(state);
                session.getContext().setAuthenticationSession(authSession);
                if (provider.pendingFor(authSession)) {
                    return provider.notLive(authSession);
                }
                String answer;
                BrokeredIdentityContext identity;
                try (Bulkhead.Permit permit = provider.bulkhead.enter(provider.getConfig().getInternalId())) {
                    answer = exchange(authorizationCode, authSession);
                    identity = provider.getFederatedIdentity(answer);
                }
                if (TestSignIn.requested(authSession)) {
                    return TestSignIn.handBack(session, authSession, provider.getConfig().getAlias(),
                            TestObservation.of(provider.getConfig(), identity));
                }
                if (Booleans.isTrue(provider.getConfig().isStoreToken()) && identity.getToken() == null) {
                    identity.setToken(answer);
                }
                identity.setIdp(provider);
                identity.setAuthenticationSession(authSession);
                return callback.authenticated(identity);
            } catch (WebApplicationException e) {
                return e.getResponse();
            } catch (Exception e) {
                IdpUnavailable unavailable = provider.keysUnavailable != null ? provider.keysUnavailable : IdpUnavailable.in(e);
                if (unavailable != null) {
                    return unavailable(unavailable, authSession);
                }
                if (e instanceof IdentityBrokerException broker && broker.getMessageCode() != null) {
                    return keycloakError(Response.Status.BAD_GATEWAY, broker.getMessageCode());
                }
                LOG.error("Failed to make identity provider oauth callback", e);
                return keycloakError(e instanceof IdentityBrokerException ? Response.Status.BAD_GATEWAY : Response.Status.INTERNAL_SERVER_ERROR,
                        Messages.IDENTITY_PROVIDER_UNEXPECTED_ERROR);
            }
        }

        /** The token request, as Keycloak's generateTokenRequest builds it, sent with the pack's timeouts; its answer. */
        private String exchange(String code, AuthenticationSessionModel authSession) throws IOException {
            OIDCIdentityProviderConfig config = provider.getConfig();
            SimpleHttpRequest request = provider.http().doPost(config.getTokenUrl())
                    .param(OAUTH2_PARAMETER_CODE, code)
                    .param(OAUTH2_PARAMETER_REDIRECT_URI, Urls.identityProviderAuthnResponse(session.getContext().getUri().getBaseUri(),
                            config.getAlias(), realm.getName()).toString())
                    .param(OAUTH2_PARAMETER_GRANT_TYPE, OAUTH2_GRANT_TYPE_AUTHORIZATION_CODE);
            String verifier = config.isPkceEnabled() ? authSession.getClientNote(PKCE_VERIFIER_NOTE) : null;
            if (verifier != null) {
                request.param(OAuth2Constants.CODE_VERIFIER, verifier);
            }
            try (SimpleHttpResponse response = send(provider.authenticateTokenRequest(request))) {
                int status = response.getStatus();
                String body = response.asString();
                if (status >= 200 && status < 400) {
                    return body;
                }
                String rejection = ClientSecretRejection.of(status, body);
                if (rejection != null) {
                    throw new WebApplicationException(secretRefused(rejection, authSession));
                }
                LOG.errorf("Unexpected response from token endpoint %s. status=%s", config.getTokenUrl(), status);
                throw new WebApplicationException(keycloakError(Response.Status.BAD_GATEWAY, Messages.IDENTITY_PROVIDER_UNEXPECTED_ERROR));
            }
        }

        private Response secretRefused(String rejection, AuthenticationSessionModel authSession) {
            OIDCIdentityProviderConfig config = provider.getConfig();
            OrganizationModel org = OrganisationLookup.of(session, config);
            String orgAlias = org == null ? "" : org.getAlias();
            LOG.warnf("orgsso idp error: realm=%s organization=%s idp=%s the IdP refused the client secret (%s); "
                    + "renew it at the IdP and update it with the onboarding API", realm.getName(), orgAlias, config.getAlias(), rejection);
            event.clone().event(EventType.IDENTITY_PROVIDER_LOGIN_ERROR)
                    .detail(Detail.DECISION, Decision.IDP_ERROR.code())
                    .detail(Detail.IDENTITY_PROVIDER, config.getAlias())
                    .detail(Detail.ORGANISATION, orgAlias)
                    .detail(Detail.IDP_ANSWER, rejection)
                    .error(Reason.IDP_CLIENT_SECRET_INVALID.code());
            return ErrorPage.error(session, authSession, Response.Status.BAD_GATEWAY, "orgssoSsoNeedsAttention", organisationName(org));
        }

        private Response unavailable(IdpUnavailable unavailable, AuthenticationSessionModel authSession) {
            OIDCIdentityProviderConfig config = provider.getConfig();
            OrganizationModel org = OrganisationLookup.of(session, config);
            String orgAlias = org == null ? "" : org.getAlias();
            LOG.warnf("orgsso idp unavailable: realm=%s organization=%s idp=%s problem=%s", realm.getName(), orgAlias,
                    config.getAlias(), unavailable.problem().code());
            event.clone().event(EventType.IDENTITY_PROVIDER_LOGIN_ERROR)
                    .detail(Detail.DECISION, Decision.IDP_ERROR.code())
                    .detail(Detail.IDENTITY_PROVIDER, config.getAlias())
                    .detail(Detail.ORGANISATION, orgAlias)
                    .detail(Detail.IDP_PROBLEM, unavailable.problem().code())
                    .error(Reason.IDP_UNAVAILABLE.code());
            return ErrorPage.error(session, authSession, Response.Status.SERVICE_UNAVAILABLE, "orgssoIdpUnavailable", organisationName(org));
        }

        private String organisationName(OrganizationModel org) {
            OIDCIdentityProviderConfig config = provider.getConfig();
            return org != null ? org.getName() : config.getDisplayName() != null ? config.getDisplayName() : config.getAlias();
        }

        /** Keycloak's answer to a failed callback (its errorIdentityProviderLogin). */
        private Response keycloakError(Response.Status status, String message) {
            event.event(EventType.IDENTITY_PROVIDER_LOGIN);
            event.error(Errors.IDENTITY_PROVIDER_LOGIN_FAILURE);
            return ErrorPage.error(session, null, status, message);
        }
    }
}
