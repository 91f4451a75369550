package dev.orgsso.web;

import dev.orgsso.orglogin.SsoEntryResource;
import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;

/** The pack's endpoints, one sub-resource per capability. */
public final class OrgSsoResource {

    private final KeycloakSession session;

    public OrgSsoResource(KeycloakSession session) {
        this.session = session;
    }

    /** "Log in with SSO" from the login form. */
    @Path("sso")
    public SsoEntryResource sso() {
        return new SsoEntryResource(session);
    }
}
