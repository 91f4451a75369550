package dev.orgsso.federation;

import com.google.auto.service.AutoService;
import jakarta.ws.rs.NotFoundException;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.protocol.LoginProtocolFactory;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;

/**
 * Registers {@link PortalLandingProtocol}: only the pack's IdP-initiated sign-ins use it; it is no client's
 * protocol (not offered in the admin console), has no endpoint, mappers or client scopes.
 */
@AutoService(LoginProtocolFactory.class)
public final class PortalLandingProtocolFactory implements LoginProtocolFactory {

    static final String ID = "orgsso-portal-landing";

    @Override
    public LoginProtocol create(KeycloakSession session) {
        return new PortalLandingProtocol().setSession(session);
    }

    @Override
    public boolean allowAsClientProtocol() {
        return false;
    }

    @Override
    public Map<String, ProtocolMapperModel> getBuiltinMappers() {
        return Map.of();
    }

    @Override
    public Object createProtocolEndpoint(KeycloakSession session, EventBuilder event) {
        throw new NotFoundException();
    }

    @Override
    public void createDefaultClientScopes(RealmModel newRealm, boolean addScopesToExistingClients) {
    }

    @Override
    public void setupClientDefaults(ClientRepresentation rep, ClientModel newClient) {
    }

    @Override
    public void addClientScopeDefaults(ClientScopeRepresentation clientScope) {
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
