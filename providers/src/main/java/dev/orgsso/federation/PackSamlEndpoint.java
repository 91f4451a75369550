package dev.orgsso.federation;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.broker.saml.SAMLEndpoint;
import org.keycloak.broker.saml.SAMLIdentityProvider;
import org.keycloak.broker.saml.SAMLIdentityProviderConfig;
import org.keycloak.dom.saml.v2.protocol.ResponseType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.saml.common.constants.GeneralConstants;
import org.keycloak.saml.processing.core.saml.v2.common.SAMLDocumentHolder;
import org.keycloak.saml.validators.DestinationValidator;

/**
 * Keycloak's SAML broker endpoint (the ACS URL {@code /broker/{alias}/endpoint}) that also takes an
 * IdP-initiated response: one without {@code InResponseTo}, posted by the customer's portal rather than
 * answering a request of ours. Keycloak 26.7 answers those only at {@code …/endpoint/clients/{name}} and
 * only for SAML clients of the realm ({@code saml_idp_initiated_sso_url_name}); the help desk's apps are
 * OIDC, so {@link PortalSignIn} starts the sign-in for the organisation's chosen app (or refuses it) and
 * Keycloak's own code checks and processes the assertion. Every other message goes to Keycloak unchanged.
 */
final class PackSamlEndpoint extends SAMLEndpoint {

    private final PortalSignIn portal;

    PackSamlEndpoint(KeycloakSession session, SAMLIdentityProvider provider, SAMLIdentityProviderConfig config,
                     PortalSignIn portal, DestinationValidator destinationValidator) {
        super(session, provider, config, portal, destinationValidator);
        this.portal = portal;
    }

    @Override
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response postBinding(@FormParam(GeneralConstants.SAML_REQUEST_KEY) String samlRequest,
                                @FormParam(GeneralConstants.SAML_RESPONSE_KEY) String samlResponse,
                                @FormParam(GeneralConstants.SAML_ARTIFACT_KEY) String samlArt,
                                @FormParam(GeneralConstants.RELAY_STATE) String relayState) {
        if (samlArt != null) {
            return super.postBinding(samlRequest, samlResponse, samlArt, relayState);
        }
        return new PortalAwarePostBinding().execute(samlRequest, samlResponse, null, relayState, null);
    }

    /** Keycloak's HTTP-POST binding; a response to no request of ours is a portal sign-in. */
    private final class PortalAwarePostBinding extends PostBinding {

        @Override
        protected Response handleLoginResponse(String samlResponse, SAMLDocumentHolder holder, ResponseType responseType,
                                               String relayState, String clientId) {
            if (clientId != null || responseType.getInResponseTo() != null) {
                return super.handleLoginResponse(samlResponse, holder, responseType, relayState, clientId);
            }
            Response refusal = portal.start(session, config, event);
            if (refusal != null) {
                return refusal;
            }
            // The portal's RelayState (a free text its admin may set) is not ours: Keycloak finds the started session.
            return super.handleLoginResponse(samlResponse, holder, responseType, PortalSignIn.STATE, null);
        }
    }
}
