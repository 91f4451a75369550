package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.OrgSsoStack;
import dev.orgsso.testkit.SamlCustomerIdp;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The help desk's SAML customers a test makes: organisations onboarded through the API, their users at
 * {@link SamlCustomerIdp}, and {@link #cleanUp()} that removes both.
 */
final class SamlCustomers {

    private static final String BASE = "/realms/helpdesk/orgsso/admin/organizations/";

    final OrgSsoStack stack;
    final AdminClient admin;
    final SamlCustomerIdp idp;
    private final List<String> orgs = new ArrayList<>();
    private final List<String> emails = new ArrayList<>();

    SamlCustomers(OrgSsoStack stack) {
        this.stack = stack;
        this.admin = new AdminClient(stack.keycloak().baseUrl());
        this.idp = new SamlCustomerIdp(stack.keycloak().baseUrl());
    }

    void cleanUp() {
        for (String email : emails) {
            admin.deleteUsersByEmail("helpdesk", email);
        }
        idp.cleanUp();
        for (String alias : orgs) {
            admin.deleteOrganization("helpdesk", alias);
        }
    }

    /** PUT …/sso (the organisation created when it does not exist); the answer, after checking its status. */
    JsonNode onboard(String alias, Map<String, Object> body, int status) throws Exception {
        HttpResponse<String> r = put(alias, body);
        assertEquals(status, r.statusCode(), r.body());
        return AdminClient.JSON.readTree(r.body());
    }

    /** The error code of a refused onboarding call (400). */
    String error(String alias, Map<String, Object> body) throws Exception {
        return onboard(alias, body, 400).get("error").asText();
    }

    private HttpResponse<String> put(String alias, Map<String, Object> body) throws Exception {
        orgs.add(alias);
        Map<String, Object> withOrg = new HashMap<>(body);
        withOrg.putIfAbsent("organization", Map.of("name", "Customer " + alias, "domains", List.of(alias + ".test")));
        return new OnboardingApi(stack.keycloak().baseUrl()).send("PUT", BASE + alias + "/sso", withOrg);
    }

    /** A user at the customer's IdP, removed from both realms afterwards; its id at the IdP. */
    String idpUser(String email, String first, String last) {
        emails.add(email);
        return idp.user(email, first, last);
    }

    boolean isMember(String orgId, String userId) {
        for (JsonNode m : admin.get("/admin/realms/helpdesk/organizations/" + orgId + "/members")) {
            if (userId.equals(m.get("id").asText())) {
                return true;
            }
        }
        return false;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
