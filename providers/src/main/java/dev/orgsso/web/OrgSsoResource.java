package dev.orgsso.web;

import dev.orgsso.handoff.HandoffAdminResource;
import dev.orgsso.handoff.HandoffResource;
import dev.orgsso.orglogin.SsoEntryResource;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

    /** JWT handoff from a customer's own site. */
    @Path("jwt")
    public HandoffResource jwt() {
        return new HandoffResource(session);
    }

    /** Onboarding API: an organisation's JWT handoff settings and secrets (manage-realm). */
    @Path("admin/organizations/{alias}/handoff")
    public HandoffAdminResource handoffAdmin(@PathParam("alias") String alias) {
        return new HandoffAdminResource(session, alias);
    }
}
