package dev.orgsso.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * The demo's SAML customer: the "initech" organisation of the realm export gets its SAML IdP through the
 * onboarding API, from the metadata URL of the acme-idp realm (this Keycloak's SAML side), whose
 * realm export already registers the help desk as the answer says (SP entity id and ACS URL of the
 * IdP {@code okta-saml-<initech's id>}) and releases Okta-shaped attributes. Onboarding again on the
 * next start is harmless: the same call updates the IdP.
 */
public final class DemoSaml {

    public static final String ORGANISATION = "initech";
    public static final String USER = "peter@initech.test";

    private DemoSaml() {
    }

    /** Onboards initech's SAML IdP; a line for the demo's console. */
    public static String onboard(String keycloakUrl) {
        try {
            HttpResponse<String> r = new DemoOnboarding(keycloakUrl).send("PUT", "organizations/" + ORGANISATION + "/sso",
                    Map.of("protocol", "saml", "type", "okta", "metadataUrl", keycloakUrl + "/realms/acme-idp/protocol/saml/descriptor"));
            JsonNode answer = AdminClient.JSON.readTree(r.body());
            return r.statusCode() / 100 == 2 ? "SAML IdP " + answer.path("alias").asText() + " onboarded"
                    : "(SAML IdP not onboarded: HTTP " + r.statusCode() + " " + answer.path("error").asText() + ")";
        } catch (Exception e) {
            return "(SAML IdP not onboarded: " + e.getMessage() + ")";
        }
    }
}
