package dev.orgsso.web;

import dev.orgsso.handoff.HandoffAdminResource;
import dev.orgsso.handoff.HandoffResource;
import dev.orgsso.onboarding.FederationSettings;
import dev.orgsso.onboarding.SsoAdminResource;
import dev.orgsso.orglogin.SsoEntryResource;
import dev.orgsso.scim.ScimResource;
import dev.orgsso.scim.ScimTokenAdminResource;
import dev.orgsso.secretexpiry.SecretExpiryResource;
import dev.orgsso.setup.SetupLinkAdminResource;
import dev.orgsso.setup.SetupResource;
import dev.orgsso.setup.SetupSettings;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.keycloak.models.KeycloakSession;

/** The pack's endpoints, one sub-resource per capability. */
public final class OrgSsoResource {

    private final KeycloakSession session;
    private final FederationSettings federation;
    private final SetupSettings setup;

    public OrgSsoResource(KeycloakSession session, FederationSettings federation, SetupSettings setup) {
        this.session = session;
        this.federation = federation;
        this.setup = setup;
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

    /** Onboarding API: an organisation's customer IdP (Entra ID, Okta, JumpCloud, OIDC) (manage-realm). */
    @Path("admin/organizations/{alias}/sso")
    public SsoAdminResource ssoAdmin(@PathParam("alias") String alias) {
        return new SsoAdminResource(session, alias, federation);
    }

    /** Onboarding API: an organisation's setup links for its IT admin (manage-realm). */
    @Path("admin/organizations/{alias}/setup-links")
    public SetupLinkAdminResource setupLinks(@PathParam("alias") String alias) {
        return new SetupLinkAdminResource(session, alias);
    }

    /** Self-service setup: the pages a setup link opens (the token is the key). */
    @Path("setup/{token}")
    public SetupResource setup(@PathParam("token") String token) {
        return new SetupResource(session, token, setup);
    }

    /** Onboarding API: an organisation's SCIM tokens (manage-realm). */
    @Path("admin/organizations/{alias}/scim/tokens")
    public ScimTokenAdminResource scimTokens(@PathParam("alias") String alias) {
        return new ScimTokenAdminResource(session, alias);
    }

    /** SCIM 2.0 for one organisation (its own bearer tokens). */
    @Path("scim/{alias}/v2")
    public ScimResource scim(@PathParam("alias") String alias) {
        return new ScimResource(session, alias);
    }

    /** Onboarding API: organisations whose IdP client secret expires soon (manage-realm). */
    @Path("admin/secret-expiry")
    public SecretExpiryResource secretExpiry() {
        return new SecretExpiryResource(session);
    }
}
