package dev.orgsso.setup;

import dev.orgsso.core.AdminGate;
import dev.orgsso.core.ApiError;
import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.OnboardingEvent;
import dev.orgsso.core.OrganisationLookup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.utils.EmailValidationUtil;

/**
 * {@code /realms/{realm}/orgsso/admin/organizations/{alias}/setup-links} (onboarding API rights): the
 * vendor makes a link for one organisation's IT admin, lists the live ones (never a token: it is shown
 * once, in the answer that makes it) and revokes one.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class SetupLinkAdminResource {

    static final int DEFAULT_DAYS = 7;
    static final int MAX_DAYS = 30;

    private final KeycloakSession session;
    private final String alias;

    public SetupLinkAdminResource(KeycloakSession session, String alias) {
        this.session = session;
        this.alias = alias;
    }

    /**
     * Body (optional): {@code days} (1–30, default 7), {@code contact} (the IT contact's email: the link is mailed
     * there), {@code identityProvider} (the alias of a live connection: a renewal link for it, mailed to the
     * contact or else the organisation's IT contact).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Map<String, Object> body) {
        AdminAuth caller = AdminGate.requireManageRealm(session);
        OrganizationModel org = OrganisationLookup.byAlias(session, alias);
        if (org == null) {
            return ApiError.ORGANIZATION_NOT_FOUND.answer(Response.Status.NOT_FOUND, "Organization \"" + alias + "\" does not exist.");
        }
        Map<String, Object> fields = body == null ? Map.of() : body;
        Object days = fields.getOrDefault("days", DEFAULT_DAYS);
        if (!(days instanceof Integer d) || d < 1 || d > MAX_DAYS) {
            return ApiError.DAYS_INVALID.answer(Response.Status.BAD_REQUEST, "\"days\" must be a whole number from 1 to " + MAX_DAYS + ".");
        }
        Object contact = fields.get("contact");
        if (contact != null && (!(contact instanceof String c) || c.strip().length() > SetupLink.MAX_TEXT
                || !EmailValidationUtil.isValidEmail(c.strip()))) {
            return ApiError.CONTACT_INVALID.answer(Response.Status.BAD_REQUEST, "\"contact\" must be the IT contact's email address.");
        }
        String contactEmail = contact == null ? null : ((String) contact).strip();
        Object renews = fields.get("identityProvider");
        IdentityProviderModel idp = renews instanceof String a ? session.identityProviders().getByAlias(a) : null;
        if (renews != null && (idp == null || !org.getId().equals(idp.getOrganizationId()) || !new FederatedIdp(idp).madeByPack()
                || new FederatedIdp(idp).pending())) {
            return ApiError.NOT_FOUND.answer(Response.Status.NOT_FOUND, "Organization \"" + alias
                    + "\" has no live connection \"" + renews + "\" that a renewal link could renew.");
        }
        if (contactEmail != null) {
            SetupContact.remember(org, contactEmail);
        }
        SetupLinks links = new SetupLinks(session);
        String createdBy = caller.getUser() == null ? null : cut(caller.getUser().getUsername());
        // With "identityProvider": a renewal link for that live connection (its client secret, or a SAML IdP's
        // certificates), as the expiry warnings send them, for a rollover the vendor hears of first.
        SetupLinks.Created created = idp != null
                ? SetupRenewal.create(links, org, idp, (Integer) days, contactEmail != null ? contactEmail : SetupContact.of(org), createdBy)
                : links.create(org, SetupLink.Purpose.SETUP, (Integer) days, contactEmail, createdBy, null);
        String url = SetupResource.url(session, created.token());
        SetupRenewal.rememberBaseUrl(org, url, created.token());
        OnboardingEvent.record(session, caller, OperationType.CREATE, Decision.SETUP_LINK_CREATED.code(), org,
                Map.of(Detail.SETUP_LINK, created.link().id()), "setup-links", created.link().id());
        Map<String, Object> answer = view(created.link());
        answer.put("url", url);
        if (created.link().contact() != null) {
            answer.put("emailed", SetupMail.send(session, org, created.link(), url, null));
        }
        return Response.status(Response.Status.CREATED).entity(answer).build();
    }

    @GET
    public Response list() {
        AdminGate.requireManageRealm(session);
        OrganizationModel org = OrganisationLookup.byAlias(session, alias);
        if (org == null) {
            return ApiError.ORGANIZATION_NOT_FOUND.answer(Response.Status.NOT_FOUND, "Organization \"" + alias + "\" does not exist.");
        }
        return Response.ok(Map.of("organization", org.getAlias(),
                "setupLinks", new SetupLinks(session).live(org).map(SetupLinkAdminResource::view).toList())).build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        AdminAuth caller = AdminGate.requireManageRealm(session);
        OrganizationModel org = OrganisationLookup.byAlias(session, alias);
        SetupLinks links = new SetupLinks(session);
        SetupLink link = org == null ? null : links.get(org, id).orElse(null);
        if (link == null || link.revokedAt() != null) {
            return ApiError.NOT_FOUND.answer(Response.Status.NOT_FOUND, "Organization \"" + alias + "\" has no setup link " + id + ".");
        }
        links.save(org, link.revoked(Instant.now().getEpochSecond()));
        OnboardingEvent.record(session, caller, OperationType.DELETE, Decision.SETUP_LINK_REVOKED.code(), org,
                Map.of(Detail.SETUP_LINK, link.id()), "setup-links", link.id());
        return Response.noContent().build();
    }

    private static String cut(String text) {
        return text.length() <= SetupLink.MAX_TEXT ? text : text.substring(0, SetupLink.MAX_TEXT);
    }

    static Map<String, Object> view(SetupLink link) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", link.id());
        view.put("purpose", link.purpose().name().toLowerCase(java.util.Locale.ROOT));
        view.put("createdAt", Instant.ofEpochSecond(link.createdAt()).toString());
        view.put("expiresAt", Instant.ofEpochSecond(link.expiresAt()).toString());
        if (link.contact() != null) {
            view.put("contact", link.contact());
        }
        if (link.createdBy() != null) {
            view.put("createdBy", link.createdBy());
        }
        if (link.idpAlias() != null) {
            view.put("identityProvider", link.idpAlias());
        }
        view.put("tested", link.testPassed() != null && link.testPassed());
        return view;
    }
}
