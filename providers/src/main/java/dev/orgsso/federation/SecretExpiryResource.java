package dev.orgsso.federation;

import dev.orgsso.web.AdminGate;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/** {@code /realms/{realm}/orgsso/admin/secret-expiry?withinDays=30}: organisations whose IdP client secret expires soon (or did). */
@Produces(MediaType.APPLICATION_JSON)
public final class SecretExpiryResource {

    private final KeycloakSession session;

    public SecretExpiryResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    public Response list(@QueryParam("withinDays") Integer withinDays) {
        AdminGate.requireManageRealm(session);
        int days = withinDays == null ? 30 : withinDays;
        if (days < 0 || days > 3650) {
            return SsoAdminResource.error(Response.Status.BAD_REQUEST, "within_days_invalid", "withinDays must be between 0 and 3650.");
        }
        RealmModel realm = session.getContext().getRealm();
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        List<Map<String, Object>> soon = SecretExpiry.dated(session, realm)
                .filter(idp -> SsoView.daysLeft(idp.secretExpiresAt()) <= days)
                .sorted(Comparator.comparing(FederatedIdp::secretExpiresAt))
                .map(idp -> {
                    OrganizationModel org = idp.model().getOrganizationId() == null ? null
                            : organizations.getById(idp.model().getOrganizationId());
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("organization", org == null ? null : org.getAlias());
                    row.put("alias", idp.model().getAlias());
                    row.put("type", idp.type().value());
                    row.put("clientSecretExpiresAt", idp.secretExpiresAt().toString());
                    row.put("daysLeft", SsoView.daysLeft(idp.secretExpiresAt()));
                    return row;
                }).toList();
        return Response.ok(Map.of("withinDays", days, "organizations", soon)).build();
    }
}
