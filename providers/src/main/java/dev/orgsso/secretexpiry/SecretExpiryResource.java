package dev.orgsso.secretexpiry;

import dev.orgsso.core.AdminGate;
import dev.orgsso.core.ApiError;
import dev.orgsso.core.Detail;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.OrganisationLookup;
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

/**
 * {@code /realms/{realm}/orgsso/admin/secret-expiry?withinDays=30}: organisations whose IdP credential
 * (an OIDC client secret, a SAML signing certificate) expires soon (or did).
 */
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
            return ApiError.WITHIN_DAYS_INVALID.answer(Response.Status.BAD_REQUEST, "withinDays must be between 0 and 3650.");
        }
        RealmModel realm = session.getContext().getRealm();
        List<Map<String, Object>> soon = SecretExpiry.dated(session, realm)
                .filter(idp -> idp.credentialDaysLeft() <= days)
                .sorted(Comparator.comparing(FederatedIdp::credentialExpiresAt))
                .map(idp -> {
                    OrganizationModel org = OrganisationLookup.of(session, idp.model());
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("organization", org == null ? null : org.getAlias());
                    row.put("alias", idp.model().getAlias());
                    row.put("protocol", idp.samlVendor() != null ? "saml" : "oidc");
                    row.put("type", idp.samlVendor() != null ? idp.samlVendor().value() : idp.type().value());
                    row.put(Detail.CREDENTIAL, idp.credential().code());
                    row.put("expiresAt", idp.credentialExpiresAt().toString());
                    if (idp.credential() == FederatedIdp.Credential.CLIENT_SECRET) {
                        row.put("clientSecretExpiresAt", idp.secretExpiresAt().toString());
                    }
                    row.put("daysLeft", idp.credentialDaysLeft());
                    return row;
                }).toList();
        return Response.ok(Map.of("withinDays", days, "organizations", soon)).build();
    }
}
