package dev.orgsso.setup;

import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.TestSignIn;
import dev.orgsso.onboarding.OnboardingRefused;
import dev.orgsso.onboarding.SelfService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.UserAuthenticationIdentityProvider;
import org.keycloak.broker.provider.util.IdentityBrokerState;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.ClientSessionCode;
import org.keycloak.services.resources.IdentityBrokerService;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * {@code /realms/{realm}/orgsso/setup/{token}}: the customer's IT admin connects their IdP through the
 * link the vendor sent. Steps: choose the IdP, register the help desk there and enter what it gave,
 * test sign-in (what the IdP sent, and the pack's verdict on each claim), prove the email domains by DNS,
 * activate. The IdP connects by OpenID Connect or SAML (then its metadata instead of a client). Until
 * activated the connection is offered to nobody. A renewal link only replaces the client secret and its
 * expiry date, or a SAML connection's signing certificates (from new metadata). Everything the link does is bound to its one organisation: the token names
 * it, and no form field can name another.
 */
public final class SetupResource {

    /** The connection form's fields, as the onboarding API names them. */
    private static final List<String> OIDC_FIELDS = List.of("tenant", "issuer", "clientId", "clientSecret", "clientSecretExpiresAt");
    private static final List<String> SAML_FIELDS = List.of("metadataUrl", "metadataXml");
    /** Keycloak's SAML IdP config key of the metadata URL the connection was read from. */
    private static final String SAML_METADATA_URL = "metadataDescriptorUrl";

    private final KeycloakSession session;
    private final String token;
    private final SetupSettings settings;
    private final SetupLinks links;

    public SetupResource(KeycloakSession session, String token, SetupSettings settings) {
        this.session = session;
        this.token = token;
        this.settings = settings;
        this.links = new SetupLinks(session);
    }

    /** The link's URL for a token. */
    static String url(KeycloakSession session, String token) {
        return UriBuilder.fromUri(session.getContext().getUri().getBaseUri()).path("realms").path(session.getContext().getRealm().getName())
                .path("orgsso").path("setup").path(token).build().toString();
    }

    @GET
    public Response page(@QueryParam(TestSignIn.RESULT_PARAM) String result) {
        SetupLinks.Opened opened = links.open(token);
        if (opened == null || !opened.open()) {
            return refused(opened);
        }
        if (result != null) {
            return testResult(opened, result);
        }
        return show(opened, null);
    }

    /** A page of these steps asked for by GET (a language switch on a page a form led to): the link's page. */
    @GET
    @Path("{step: .+}")
    public Response back(@PathParam("step") String step) {
        UriBuilder page = UriBuilder.fromUri(url(session, token));
        String locale = session.getContext().getUri().getQueryParameters().getFirst(SetupPage.LOCALE_PARAM);
        if (locale != null) {
            page.queryParam(SetupPage.LOCALE_PARAM, locale);
        }
        return SetupPage.privately(Response.seeOther(page.build()).build());
    }

    @POST
    @Path("provider")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response chooseProvider() {
        return act(SetupLink.Purpose.SETUP, (opened, form) -> {
            SetupChoice choice = SetupChoice.of(form.getFirst("type"), form.getFirst("protocol"));
            if (choice == null) {
                return show(opened, "orgssoSetupChooseProvider");
            }
            SetupLink link = opened.link().withType(choice.value());
            IdentityProviderModel existing = selfService().connection(opened.org(), choice.alias(opened.org().getId()));
            if (existing != null && !new FederatedIdp(existing).pending()) {
                return show(opened, "orgssoSetupError.connection_live");
            }
            links.save(opened.org(), existing == null ? link : link.withConnection(existing.getAlias()));
            return show(links.open(token), null);
        });
    }

    @POST
    @Path("connection")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveConnection() {
        return act(SetupLink.Purpose.SETUP, (opened, form) -> {
            SetupChoice choice = SetupChoice.stored(opened.link().type());
            if (choice == null) {
                return show(opened, "orgssoSetupChooseProvider");
            }
            Map<String, Object> fields = new HashMap<>();
            if (choice.isSaml()) {
                fields.put("protocol", SetupChoice.SAML_PROTOCOL);
                fields.put("type", choice.saml().value());
            } else {
                fields.put("type", choice.oidc().value());
            }
            for (String field : choice.isSaml() ? SAML_FIELDS : OIDC_FIELDS) {
                String value = form.getFirst(field);
                if (value != null && !value.isBlank()) {
                    fields.put(field, value);
                }
            }
            IdentityProviderModel idp;
            try {
                idp = selfService().savePending(opened.org(), fields);
            } catch (OnboardingRefused e) {
                session.getTransactionManager().setRollbackOnly();
                return connectForm(opened, form, "orgssoSetupError." + SetupErrors.known(e.code()));
            }
            links.save(opened.org(), opened.link().withConnection(idp.getAlias()));
            SetupEvent.record(session, OperationType.UPDATE, Decision.SETUP_CONNECTION_SAVED, opened.org(), opened.link(),
                    Map.of(Detail.IDENTITY_PROVIDER, idp.getAlias()));
            return show(links.open(token), null);
        });
    }

    /** Back to the connection's form (nothing changes until it is sent again). */
    @POST
    @Path("change")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response change() {
        return act(SetupLink.Purpose.SETUP, (opened, form) -> {
            if (form.getFirst("provider") != null) {
                // Another IdP type: only while nothing is live for this link.
                links.save(opened.org(), opened.link().withType(null).withConnection(null));
                return show(links.open(token), null);
            }
            return connectForm(opened, null, null);
        });
    }

    /** Starts the test sign-in: through the connection's broker endpoint, with an authentication session that signs nobody in. */
    @POST
    @Path("test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response test() {
        return act(SetupLink.Purpose.SETUP, (opened, form) -> {
            IdentityProviderModel idp = connection(opened);
            if (idp == null) {
                return show(opened, null);
            }
            RealmModel realm = session.getContext().getRealm();
            ClientModel client = realm.getClientByClientId(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
            AuthenticationSessionManager manager = new AuthenticationSessionManager(session);
            RootAuthenticationSessionModel root = manager.getCurrentRootAuthenticationSession(realm);
            if (root == null) {
                root = manager.createAuthenticationSession(realm, true);
            }
            AuthenticationSessionModel authSession = root.createAuthenticationSession(client);
            authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
            authSession.setAction(AuthenticationSessionModel.Action.AUTHENTICATE.name());
            authSession.setRedirectUri(url(session, token));
            authSession.setAuthNote(TestSignIn.LINK, opened.link().id());
            authSession.setAuthNote(TestSignIn.RETURN_TO, url(session, token));
            session.getContext().setAuthenticationSession(authSession);
            ClientSessionCode<AuthenticationSessionModel> code = new ClientSessionCode<>(session, realm, authSession);
            code.setAction(AuthenticationSessionModel.Action.AUTHENTICATE.name());
            // The state Keycloak's broker endpoint verifies on the way back, built as its performLogin builds it.
            IdentityBrokerState state = IdentityBrokerState.decoded(code.getOrGenerateCode(), client.getId(), client.getClientId(),
                    authSession.getTabId(), null);
            UserAuthenticationIdentityProvider<?> provider = IdentityBrokerService.getIdentityProvider(session, idp.getAlias());
            String redirectUri = selfService().redirectUri(idp.getAlias());
            SetupEvent.record(session, OperationType.ACTION, Decision.SETUP_TEST_SIGN_IN, opened.org(), opened.link(),
                    Map.of(Detail.IDENTITY_PROVIDER, idp.getAlias()));
            return SetupPage.privately(provider.performLogin(new AuthenticationRequest(session, realm, authSession,
                    session.getContext().getHttpRequest(), session.getContext().getUri(), state, redirectUri)));
        });
    }

    @POST
    @Path("activate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response activate() {
        return act(SetupLink.Purpose.SETUP, (opened, form) -> {
            IdentityProviderModel idp = connection(opened);
            if (idp == null) {
                return show(opened, null);
            }
            String blocked = activationBlockedBy(opened);
            if (blocked != null) {
                return show(opened, blocked);
            }
            IdentityProviderModel live = selfService().activate(idp);
            links.save(opened.org(), opened.link().used(Instant.now().getEpochSecond()));
            SetupEvent.record(session, OperationType.UPDATE, Decision.SETUP_ACTIVATED, opened.org(), opened.link(),
                    Map.of(Detail.IDENTITY_PROVIDER, live.getAlias()));
            Map<String, Object> model = SetupModel.base(session, opened, "done", token);
            model.put("loginLinks", selfService().loginLinks(opened.org(), live));
            return SetupPage.render(session, Response.Status.OK, model, null);
        });
    }

    @POST
    @Path("domains")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response claimDomain() {
        return act(SetupLink.Purpose.SETUP, (opened, form) -> {
            try {
                DomainProofs.Claim claim = domains().claim(opened.org(), form.getFirst("domain"));
                SetupEvent.record(session, OperationType.ACTION, Decision.SETUP_DOMAIN_CLAIMED, opened.org(), opened.link(),
                        Map.of(Detail.DOMAIN, claim.domain()));
                return show(links.open(token), null);
            } catch (DomainProofs.Refused e) {
                return domainRefused(opened, form, e);
            }
        });
    }

    @POST
    @Path("domains/check")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response checkDomain() {
        return act(SetupLink.Purpose.SETUP, (opened, form) -> {
            try {
                DomainProofs.Claim claim = domains().check(opened.org(), form.getFirst("domain"));
                SetupEvent.record(session, OperationType.UPDATE, Decision.SETUP_DOMAIN_VERIFIED, opened.org(), opened.link(),
                        Map.of(Detail.DOMAIN, claim.domain()));
                Map<String, Object> model = model(links.open(token));
                model.put("notice", SetupModel.message("orgssoSetupDomainVerified", claim.domain()));
                return page(model, null);
            } catch (DomainProofs.Refused e) {
                return domainRefused(opened, form, e);
            }
        });
    }

    /** A renewal link's one action for an OIDC connection: a new client secret and its expiry date. */
    @POST
    @Path("secret")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response renewSecret() {
        return renew(false, (opened, idp, form) -> {
            String secret = form.getFirst("clientSecret");
            String expiry = form.getFirst("clientSecretExpiresAt");
            SelfService.requireSecret(secret, expiry);
            selfService().renewSecret(idp, secret, expiry);
            return Decision.SETUP_SECRET_RENEWED;
        });
    }

    /** A renewal link's one action for a SAML connection: new metadata, of which only the signing certificates are taken. */
    @POST
    @Path("certificates")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response renewCertificates() {
        return renew(true, (opened, idp, form) -> {
            selfService().renewCertificates(idp, form.getFirst("metadataUrl"), form.getFirst("metadataXml"));
            return Decision.SETUP_CERTIFICATES_RENEWED;
        });
    }

    private interface Renewal {
        Decision run(SetupLinks.Opened opened, IdentityProviderModel idp, MultivaluedMap<String, String> form);
    }

    /** A renewal of the link's own connection, of the kind it needs (SAML: certificates, OIDC: a secret); used up when done. */
    private Response renew(boolean saml, Renewal renewal) {
        return act(SetupLink.Purpose.RENEWAL, (opened, form) -> {
            IdentityProviderModel idp = opened.link().idpAlias() == null ? null
                    : selfService().connection(opened.org(), opened.link().idpAlias());
            if (idp == null) {
                return refused(new SetupLinks.Opened(opened.org(), opened.link(), SetupLink.State.USED));
            }
            if ((new FederatedIdp(idp).samlVendor() != null) != saml) {
                return show(opened, "orgssoSetupNotThisLink");
            }
            Decision done;
            try {
                done = renewal.run(opened, idp, form);
            } catch (OnboardingRefused e) {
                session.getTransactionManager().setRollbackOnly();
                Map<String, Object> model = model(opened);
                model.put("form", SetupModel.samlForm(null, form));
                return page(model, "orgssoSetupError." + SetupErrors.known(e.code()));
            }
            links.save(opened.org(), opened.link().used(Instant.now().getEpochSecond()));
            SetupEvent.record(session, OperationType.UPDATE, done, opened.org(), opened.link(),
                    Map.of(Detail.IDENTITY_PROVIDER, idp.getAlias()));
            Map<String, Object> model = SetupModel.base(session, opened, "renewed", token);
            model.put("protocol", saml ? SetupChoice.SAML_PROTOCOL : "oidc");
            return SetupPage.render(session, Response.Status.OK, model, null);
        });
    }

    // ---- the steps

    private interface Action {
        Response run(SetupLinks.Opened opened, MultivaluedMap<String, String> form);
    }

    /** Every POST: the link must be open and of the purpose the action belongs to. */
    private Response act(SetupLink.Purpose purpose, Action action) {
        SetupLinks.Opened opened = links.open(token);
        if (opened == null || !opened.open()) {
            return refused(opened);
        }
        if (opened.link().purpose() != purpose) {
            // A renewal link cannot run setup steps, nor the reverse; nothing changes.
            return show(opened, "orgssoSetupNotThisLink");
        }
        return action.run(opened, session.getContext().getHttpRequest().getDecodedFormParameters());
    }

    private Response show(SetupLinks.Opened opened, String error, Object... params) {
        return page(model(opened), error, params);
    }

    /** The page for where the link stands: renew, choose, connect, or test (with domains and activation). */
    private Map<String, Object> model(SetupLinks.Opened opened) {
        SetupLink link = opened.link();
        if (link.purpose() == SetupLink.Purpose.RENEWAL) {
            Map<String, Object> model = SetupModel.base(session, opened, "renew", token);
            IdentityProviderModel idp = link.idpAlias() == null ? null : selfService().connection(opened.org(), link.idpAlias());
            if (idp != null) {
                model.putAll(connectionModel(opened, idp));
                model.put("form", SetupModel.samlForm(null, null));
            }
            return model;
        }
        SetupChoice choice = SetupChoice.stored(link.type());
        if (choice == null) {
            return SetupModel.base(session, opened, "choose", token);
        }
        IdentityProviderModel idp = connection(opened);
        if (idp == null) {
            return connectModel(opened, null);
        }
        Map<String, Object> model = SetupModel.base(session, opened, "test", token);
        model.putAll(connectionModel(opened, idp));
        model.put("register", register(opened, choice));
        model.put("domains", domains().claims(opened.org()).stream().map(SetupModel::domain).toList());
        model.put("tested", link.testedAt() != null);
        model.put("testPassed", Boolean.TRUE.equals(link.testPassed()));
        String blocked = activationBlockedBy(opened);
        model.put("canActivate", blocked == null);
        if (blocked != null) {
            model.put("activateBlockedBy", blocked);
        }
        return model;
    }

    /** A saved connection as the page shows it, and its protocol. */
    private Map<String, Object> connectionModel(SetupLinks.Opened opened, IdentityProviderModel idp) {
        FederatedIdp federated = new FederatedIdp(idp);
        boolean saml = federated.samlVendor() != null;
        return Map.of("protocol", saml ? SetupChoice.SAML_PROTOCOL : "oidc", "connection", saml
                ? SetupModel.samlConnection(selfService().view(opened.org(), idp), federated)
                : SetupModel.connection(federated, selfService().redirectUri(idp.getAlias())));
    }

    /** What to register at the IdP for the choice: OIDC's redirect URI and claims, SAML's SP values and attributes. */
    private Map<String, Object> register(SetupLinks.Opened opened, SetupChoice choice) {
        String alias = choice.alias(opened.org().getId());
        return choice.isSaml() ? SetupModel.samlRegister(choice.saml(), selfService().samlRegistration(alias, choice.saml()))
                : SetupModel.register(choice.oidc(), selfService().redirectUri(alias));
    }

    private Map<String, Object> connectModel(SetupLinks.Opened opened, MultivaluedMap<String, String> typed) {
        SetupChoice choice = SetupChoice.stored(opened.link().type());
        Map<String, Object> model = SetupModel.base(session, opened, "connect", token);
        model.put("register", register(opened, choice));
        IdentityProviderModel saved = connection(opened);
        model.put("form", choice.isSaml() ? SetupModel.samlForm(saved == null ? null : saved.getConfig().get(SAML_METADATA_URL), typed)
                : SetupModel.form(choice.oidc(), saved == null ? null : new FederatedIdp(saved), typed));
        return model;
    }

    private Response connectForm(SetupLinks.Opened opened, MultivaluedMap<String, String> typed, String error, Object... params) {
        return page(connectModel(opened, typed), error, params);
    }

    /** Back from the test sign-in: what the IdP sent, the verdicts, and whether the link may now activate. */
    private Response testResult(SetupLinks.Opened opened, String result) {
        Map<String, String> observed = TestSignIn.take(session, result);
        IdentityProviderModel idp = connection(opened);
        if (observed == null || idp == null || !opened.link().id().equals(observed.get(TestSignIn.OBSERVED_LINK))
                || !idp.getAlias().equals(observed.get(TestSignIn.OBSERVED_IDP))) {
            // Read already, expired, or not this link's: the page as it stands.
            return show(opened, null);
        }
        FederatedIdp federated = new FederatedIdp(idp);
        TestVerdicts.Result verdicts = federated.samlVendor() != null
                ? TestVerdicts.ofSaml(federated.samlVendor(), observed, DomainProofs.verified(opened.org()))
                : TestVerdicts.of(federated.type(), observed, DomainProofs.verified(opened.org()));
        SetupLink tested = opened.link().tested(Instant.now().getEpochSecond(), verdicts.passed());
        links.save(opened.org(), tested);
        SetupEvent.record(session, OperationType.ACTION, Decision.SETUP_TEST_SIGN_IN, opened.org(), tested,
                Map.of(Detail.IDENTITY_PROVIDER, idp.getAlias(), Detail.SETUP_RESULT, verdicts.passed() ? "passed" : "failed"));
        Map<String, Object> model = model(new SetupLinks.Opened(opened.org(), tested, tested.state(Instant.now())));
        model.put("result", SetupModel.result(verdicts, observed));
        return page(model, null);
    }

    private String activationBlockedBy(SetupLinks.Opened opened) {
        if (!Boolean.TRUE.equals(opened.link().testPassed())) {
            return "orgssoSetupActivateNeedsTest";
        }
        if (DomainProofs.verified(opened.org()).isEmpty()) {
            return "orgssoSetupActivateNeedsDomain";
        }
        return null;
    }

    private Response domainRefused(SetupLinks.Opened opened, MultivaluedMap<String, String> form, DomainProofs.Refused e) {
        String typed = form.getFirst("domain");
        SetupEvent.record(session, OperationType.ACTION, Decision.SETUP_DOMAIN_REFUSED, opened.org(), opened.link(),
                Map.of(Detail.DOMAIN, typed == null ? "" : typed.length() > 64 ? typed.substring(0, 64) : typed,
                        Detail.SETUP_RESULT, e.problem().name().toLowerCase(java.util.Locale.ROOT)));
        return show(opened, "orgssoSetupDomain." + e.problem().name().toLowerCase(java.util.Locale.ROOT), typed == null ? "" : typed);
    }

    private Response refused(SetupLinks.Opened opened) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("step", "refused");
        SetupLink.State state = opened == null ? null : opened.state();
        model.put("why", state == null ? "unknown" : state.name().toLowerCase(java.util.Locale.ROOT));
        if (opened != null) {
            model.put("organization", opened.org().getName());
            SetupEvent.record(session, OperationType.ACTION, Decision.SETUP_LINK_REFUSED, opened.org(), opened.link(),
                    Map.of(Detail.SETUP_RESULT, state.name().toLowerCase(java.util.Locale.ROOT)));
        }
        // 404 for a token that names nothing, 410 for a link that no longer works.
        return SetupPage.render(session, opened == null ? Response.Status.NOT_FOUND : Response.Status.GONE, model, null);
    }

    private Response page(Map<String, Object> model, String error, Object... params) {
        return SetupPage.render(session, error == null ? Response.Status.OK : Response.Status.BAD_REQUEST, model, error, params);
    }

    /** The link's pending connection (of the type chosen); null when none is saved yet or it is someone else's. */
    private IdentityProviderModel connection(SetupLinks.Opened opened) {
        SetupChoice choice = SetupChoice.stored(opened.link().type());
        return choice == null ? null : selfService().connection(opened.org(), choice.alias(opened.org().getId()));
    }

    private SelfService selfService() {
        return new SelfService(session, settings.federation(), settings.outside());
    }

    private DomainProofs domains() {
        return new DomainProofs(session, settings.dns());
    }
}
