package dev.orgsso.federation;

import dev.orgsso.core.ConfirmedEmail;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.OrganisationLookup;
import dev.orgsso.core.TestSignIn;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityProviderMapper;
import org.keycloak.broker.saml.SAMLIdentityProvider;
import org.keycloak.broker.saml.SAMLIdentityProviderConfig;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.saml.validators.DestinationValidator;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.resources.IdentityBrokerService;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keycloak's SAML IdP with the pack's rules, on every SAML IdP of the realm, exactly as
 * {@link PackOidcProvider} for OIDC: the audience guard and, for an IdP linked to an organisation, the
 * organisation's rules ({@link OrganisationIdpRules}) before Keycloak looks up or creates an account; a
 * sign-up's confirmed email stays verified after Keycloak applied "Trust email" ({@link ConfirmedEmail});
 * a setup link's connection that is not activated admits nobody.
 * <p>
 * Keycloak runs an IdP's mappers after its {@code preprocessFederatedIdentity} (26.7
 * IdentityBrokerService#authenticated), and a SAML assertion's email comes from an attribute importer,
 * so the rules would see no email: the IdP's attribute importers run here first (they only copy
 * attributes into the identity; Keycloak's second run sets the same values). For an IdP the pack
 * onboarded, the email is the vendor's email attribute only: Keycloak's fallbacks (an email-format
 * NameID, the X.500 mail attribute) are dropped, so a missing attribute is "your IdP sent no email",
 * never a value the customer's admin did not choose to release.
 */
final class PackSamlProvider extends SAMLIdentityProvider {

    private static final Logger LOG = Logger.getLogger(PackSamlProvider.class);
    /** Keycloak's SAML attribute importer (26.7 UserAttributeMapper.PROVIDER_ID). */
    private static final String ATTRIBUTE_IMPORTER = "saml-user-attribute-idp-mapper";

    private final DestinationValidator destinationValidator;

    PackSamlProvider(KeycloakSession session, SAMLIdentityProviderConfig config, DestinationValidator destinationValidator) {
        super(session, config, destinationValidator);
        this.destinationValidator = destinationValidator;
    }

    /** Keycloak's endpoint, which also takes a sign-in started at the customer's portal ({@link PackSamlEndpoint}). */
    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        return new PackSamlEndpoint(session, this, getConfig(), new PortalSignIn(callback), destinationValidator);
    }

    /**
     * A setup link's test sign-in ends here, after Keycloak validated the assertion and before any account is
     * looked up: what the IdP sent goes back to the setup page (Keycloak's SAML endpoint answers a thrown
     * WebApplicationException with its response, 26.7 SAMLEndpoint#handleLoginResponse).
     */
    @Override
    public void preprocessFederatedIdentity(KeycloakSession session, RealmModel realm, BrokeredIdentityContext context) {
        UsedAssertions.useOnce(session, getConfig(), context);
        if (TestSignIn.requested(context.getAuthenticationSession())) {
            throw new WebApplicationException(TestSignIn.handBack(session, context.getAuthenticationSession(), getConfig().getAlias(),
                    TestObservation.saml(getConfig(), context)));
        }
        super.preprocessFederatedIdentity(session, realm, context);
        if (OrganisationIdpRules.signsIn(context)) {
            importAttributes(session, realm, context);
            OrganisationIdpRules.enforce(session, realm, getConfig(), context);
        }
    }

    private void importAttributes(KeycloakSession session, RealmModel realm, BrokeredIdentityContext context) {
        if (new FederatedIdp(getConfig()).samlVendor() != null) {
            context.setEmail(null);
        }
        session.identityProviders().getMappersByAliasStream(getConfig().getAlias())
                .filter(mapper -> ATTRIBUTE_IMPORTER.equals(mapper.getIdentityProviderMapper()))
                .forEach(mapper -> ((IdentityProviderMapper) session.getKeycloakSessionFactory()
                        .getProviderFactory(IdentityProviderMapper.class, ATTRIBUTE_IMPORTER))
                        .preprocessFederatedIdentity(session, realm, mapper, context));
    }

    @Override
    protected void setEmailVerified(UserModel user, BrokeredIdentityContext context) {
        super.setEmailVerified(user, context);
        ConfirmedEmail.apply(context.getAuthenticationSession(), user);
    }

    @Override
    public Response performLogin(AuthenticationRequest request) {
        AuthenticationSessionModel authSession = request.getAuthenticationSession();
        if (new FederatedIdp(getConfig()).pending() && !TestSignIn.requested(authSession)) {
            OrganizationModel org = OrganisationLookup.of(session, getConfig());
            LOG.infof("orgsso idp not live: realm=%s organization=%s idp=%s is waiting for its setup link's activation",
                    session.getContext().getRealm().getName(), org == null ? "" : org.getAlias(), getConfig().getAlias());
            return ErrorPage.error(session, authSession, Response.Status.BAD_REQUEST, "orgssoOrgNoSso");
        }
        return super.performLogin(request);
    }
}
