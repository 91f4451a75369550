package dev.orgsso.scim;

import dev.orgsso.core.AdminGate;
import dev.orgsso.core.ApiError;
import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.OnboardingEvent;
import dev.orgsso.core.OrganisationLookup;
import dev.orgsso.core.OrganisationToken;
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
import java.util.Optional;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * {@code /realms/{realm}/orgsso/admin/organizations/{alias}/scim/tokens} (onboarding API rights): the
 * bearer tokens the organisation's SCIM client (Entra provisioning, Okta) uses. A token is shown once,
 * in the answer that makes it; at most two live, for rotation.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class ScimTokenAdminResource {

    private final KeycloakSession session;
    private final String alias;

    public ScimTokenAdminResource(KeycloakSession session, String alias) {
        this.session = session;
        this.alias = alias;
    }

    @POST
    public Response create() {
        AdminAuth caller = AdminGate.requireManageRealm(session);
        OrganizationModel org = OrganisationLookup.byAlias(session, alias);
        if (org == null) {
            return notFound();
        }
        Optional<OrganisationToken.Issued> issued = new ScimTokens(session).create(org);
        if (issued.isEmpty()) {
            return ApiError.TWO_TOKENS_LIVE.answer(Response.Status.CONFLICT, "Two SCIM tokens are live; revoke one first.");
        }
        OnboardingEvent.record(session, caller, OperationType.CREATE, Decision.SCIM_TOKEN_CREATED.code(), org,
                Map.of(Detail.SCIM_TOKEN, issued.get().id()), "scim-tokens", issued.get().id());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", issued.get().id());
        answer.put("token", issued.get().token());
        answer.put("createdAt", Instant.now().toString());
        answer.put("baseUrl", ScimResource.baseUrl(session, org));
        return Response.status(Response.Status.CREATED).entity(answer).build();
    }

    @GET
    public Response list() {
        AdminGate.requireManageRealm(session);
        OrganizationModel org = OrganisationLookup.byAlias(session, alias);
        if (org == null) {
            return notFound();
        }
        return Response.ok(Map.of("organization", org.getAlias(), "baseUrl", ScimResource.baseUrl(session, org),
                "tokens", new ScimTokens(session).live(org).stream()
                        .map(t -> Map.of("id", t.id(), "createdAt", t.createdAt().toString())).toList())).build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        AdminAuth caller = AdminGate.requireManageRealm(session);
        OrganizationModel org = OrganisationLookup.byAlias(session, alias);
        if (org == null || !new ScimTokens(session).revoke(org, id)) {
            return ApiError.NOT_FOUND.answer(Response.Status.NOT_FOUND, "Organization \"" + alias + "\" has no SCIM token " + id + ".");
        }
        OnboardingEvent.record(session, caller, OperationType.DELETE, Decision.SCIM_TOKEN_REVOKED.code(), org,
                Map.of(Detail.SCIM_TOKEN, id), "scim-tokens", id);
        return Response.noContent().build();
    }

    private Response notFound() {
        return ApiError.ORGANIZATION_NOT_FOUND.answer(Response.Status.NOT_FOUND, "Organization \"" + alias + "\" does not exist.");
    }
}
