package dev.orgsso.handoff;

import dev.orgsso.core.ApiError;
import dev.orgsso.core.AdminGate;
import dev.orgsso.core.Decision;
import dev.orgsso.core.OnboardingEvent;
import dev.orgsso.core.OrganisationLookup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * {@code /realms/{realm}/orgsso/admin/organizations/{alias}/handoff}: an organisation's JWT handoff
 * settings and secrets. A new secret is shown once, in the answer that creates it; every other answer
 * lists secrets by id and creation time only.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class HandoffAdminResource {

    private final KeycloakSession session;
    private final String alias;
    private AdminAuth caller;

    public HandoffAdminResource(KeycloakSession session, String alias) {
        this.session = session;
        this.alias = alias;
    }

    @GET
    public Map<String, Object> get() {
        return view(settings(organization()));
    }

    /** Body: {@code enabled}, {@code remoteLoginUrl}, {@code logoutUrl}, {@code iatWindowSeconds}; absent keys stay as they are. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(Map<String, Object> body) {
        OrganizationModel org = organization();
        HandoffSettings settings = settings(org);
        if (body.containsKey("enabled")) {
            settings.set(HandoffSettings.ENABLED, String.valueOf(Boolean.TRUE.equals(body.get("enabled"))));
        }
        for (Map.Entry<String, String> key : Map.of("remoteLoginUrl", HandoffSettings.REMOTE_LOGIN_URL,
                "logoutUrl", HandoffSettings.LOGOUT_URL, "iatWindowSeconds", HandoffSettings.IAT_WINDOW).entrySet()) {
            if (body.containsKey(key.getKey())) {
                Object v = body.get(key.getKey());
                settings.set(key.getValue(), v == null ? null : String.valueOf(v));
            }
        }
        adminEvent(OperationType.UPDATE, Decision.HANDOFF_SETTINGS.code(), org, "handoff");
        return view(settings);
    }

    /** Creates a secret (at most two live: rotate by adding the new one, then retiring the old one). */
    @POST
    @Path("secrets")
    public Response createSecret() {
        OrganizationModel org = organization();
        HandoffSettings settings = settings(org);
        if (settings.secrets().size() >= HandoffSettings.MAX_LIVE_SECRETS) {
            return ApiError.TWO_SECRETS_LIVE.answer(Response.Status.CONFLICT, "Retire one of the two live secrets first.");
        }
        String secret = SecretVault.generate();
        String id = "s" + Instant.now().toEpochMilli();
        settings.add(new HandoffSettings.Secret(id, Instant.now().getEpochSecond(), new SecretVault(session, session.getContext().getRealm()).seal(secret)));
        adminEvent(OperationType.CREATE, Decision.HANDOFF_SECRET_CREATED.code(), org, "handoff", "secrets", id);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("secret", secret);
        answer.put("note", "Shown once. Give it to the customer's developer; it signs HS256 handoff tokens.");
        return Response.status(Response.Status.CREATED).entity(answer).type(MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    @Path("secrets/{id}")
    public Response retireSecret(@PathParam("id") String id) {
        OrganizationModel org = organization();
        if (!settings(org).retire(id)) {
            throw new NotFoundException("no secret " + id);
        }
        adminEvent(OperationType.DELETE, Decision.HANDOFF_SECRET_RETIRED.code(), org, "handoff", "secrets", id);
        return Response.noContent().build();
    }

    private OrganizationModel organization() {
        caller = AdminGate.requireManageRealm(session);
        OrganizationModel org = OrganisationLookup.byAlias(session, alias);
        if (org == null) {
            throw new NotFoundException("no organization " + alias);
        }
        return org;
    }

    private void adminEvent(OperationType operation, String decision, OrganizationModel org, String... path) {
        OnboardingEvent.record(session, caller, operation, decision, org, path);
    }

    private HandoffSettings settings(OrganizationModel org) {
        HandoffSettings settings = new HandoffSettings(org);
        settings.sealImportedSecret(new SecretVault(session, session.getContext().getRealm()));
        return settings;
    }

    private static Map<String, Object> view(HandoffSettings s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("enabled", s.enabled());
        v.put("remoteLoginUrl", s.remoteLoginUrl());
        v.put("logoutUrl", s.logoutUrl());
        v.put("iatWindowSeconds", s.iatWindowSeconds());
        List<Map<String, Object>> secrets = s.secrets().stream()
                .map(x -> Map.<String, Object>of("id", x.id(), "created", Instant.ofEpochSecond(x.created()).toString()))
                .toList();
        v.put("secrets", secrets);
        return v;
    }
}
