package dev.orgsso.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A customer's SAML IdP on loopback: a Keycloak realm of its own ({@link #REALM}) acting as the IdP, with
 * one SAML client per help desk organisation registered as the onboarding answer says, whose protocol
 * mappers release Entra-shaped or Okta-shaped attributes. Used by the SAML ITs and the SAML benchmark;
 * {@link #cleanUp()} removes the users and clients it made.
 */
public final class SamlCustomerIdp {

    public static final String REALM = "acme-saml-idp";
    public static final String PASSWORD = "saml-user-password";
    public static final String ENTRA_EMAIL = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
    public static final String ENTRA_GIVEN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname";
    public static final String ENTRA_SURNAME = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname";
    public static final String ENTRA_OID = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private static final Pattern CERTIFICATE = Pattern.compile("<(?:ds:)?X509Certificate>([^<]+)</(?:ds:)?X509Certificate>");

    private final String baseUrl;
    private final AdminClient admin;
    private final List<String> users = new ArrayList<>();
    private final List<String> clients = new ArrayList<>();

    public SamlCustomerIdp(String baseUrl) {
        this.baseUrl = baseUrl;
        this.admin = new AdminClient(baseUrl);
        if (admin.send("GET", "/admin/realms/" + REALM, null).statusCode() == 404) {
            admin.create("/admin/realms", Map.of("realm", REALM, "enabled", true));
        }
    }

    /** The IdP's SAML metadata URL. */
    public String descriptorUrl() {
        return descriptorUrlOf(REALM);
    }

    public String descriptorUrlOf(String realm) {
        return baseUrl + "/realms/" + realm + "/protocol/saml/descriptor";
    }

    /** The IdP's entity id as its metadata names it. */
    public String entityId() {
        return baseUrl + "/realms/" + REALM;
    }

    /** The start of every URL the browser sees while at the IdP. */
    public String realmUrl() {
        return baseUrl + "/realms/" + REALM + "/";
    }

    public String descriptorXml() {
        return descriptorXmlOf(REALM);
    }

    /** Another realm's SAML metadata (its certificate is a key this IdP does not sign with). */
    public String descriptorXmlOf(String realm) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(descriptorUrlOf(realm))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("descriptor of " + realm + ": " + r.statusCode());
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The first signing certificate (base64 DER) in a metadata document. */
    public static String certificateIn(String xml) {
        Matcher m = CERTIFICATE.matcher(xml);
        if (!m.find()) {
            throw new IllegalArgumentException("no certificate in the descriptor");
        }
        return m.group(1).strip();
    }

    /** The metadata with each signing certificate replaced by the given ones (one KeyDescriptor per certificate). */
    public static String withCertificates(String xml, String... certificates) {
        Matcher m = Pattern.compile("(?s)<((?:md:)?)KeyDescriptor[^>]*>.*?</(?:md:)?KeyDescriptor>").matcher(xml);
        if (!m.find()) {
            throw new IllegalArgumentException("no KeyDescriptor in the descriptor");
        }
        String template = m.group();
        StringBuilder keys = new StringBuilder();
        for (String certificate : certificates) {
            keys.append(template.replace(certificateIn(template), certificate));
        }
        String stripped = xml.replaceAll("(?s)<(?:md:)?KeyDescriptor[^>]*>.*?</(?:md:)?KeyDescriptor>", "");
        return stripped.substring(0, m.start()) + keys + stripped.substring(m.start());
    }

    /** The customer's admin registers the help desk as the onboarding answer says; the IdP signs what it sends. */
    public String register(JsonNode answer, List<Map<String, Object>> mappers) {
        return register(answer, mappers, true, Map.of());
    }

    /**
     * Registers the help desk (SP entity id, ACS URL, persistent NameID); its internal client id.
     *
     * @param signs false: the IdP sends its responses and assertions unsigned (a misconfigured or forged IdP)
     * @param more further client attributes (for example the IdP-initiated SSO URL name)
     */
    public String register(JsonNode answer, List<Map<String, Object>> mappers, boolean signs, Map<String, String> more) {
        return register(answer.at("/customerSetup/spEntityId").asText(), answer.at("/customerSetup/acsUrl").asText(), mappers, signs, more);
    }

    /** The same, with the SP entity id and ACS URL as a page showed them (the setup link's registration step). */
    public String register(String entityId, String acs, List<Map<String, Object>> mappers, boolean signs, Map<String, String> more) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("saml_assertion_consumer_url_post", acs);
        attributes.put("saml.assertion.signature", Boolean.toString(signs));
        attributes.put("saml.server.signature", Boolean.toString(signs));
        // The help desk signs its requests with the realm's key, which this stand-in does not check.
        attributes.put("saml.client.signature", "false");
        attributes.put("saml_name_id_format", "persistent");
        attributes.put("saml_force_name_id_format", "true");
        attributes.putAll(more);
        admin.create("/admin/realms/" + REALM + "/clients", Map.of("clientId", entityId, "protocol", "saml", "enabled", true,
                "redirectUris", List.of(acs), "attributes", attributes, "protocolMappers", mappers));
        String id = admin.get("/admin/realms/" + REALM + "/clients?clientId=" + URLEncoder.encode(entityId, StandardCharsets.UTF_8))
                .get(0).get("id").asText();
        clients.add(id);
        return id;
    }

    /** The client attributes that let the IdP start a sign-in itself at {@link #portalUrl(String)} (its portal's tile). */
    public static Map<String, String> portalTile(String urlName) {
        return Map.of("saml_idp_initiated_sso_url_name", urlName);
    }

    /** The portal tile's link: the IdP signs the user in and posts an unsolicited response to the help desk's ACS URL. */
    public String portalUrl(String urlName) {
        return baseUrl + "/realms/" + REALM + "/protocol/saml/clients/" + urlName;
    }

    /**
     * Signs the user in at the IdP by HTTP from the portal tile's link and returns the {@code SAMLResponse}
     * its auto-post form carries, without posting it: what a proxy or a stolen browser history holds.
     */
    public String portalResponse(String urlName, String email) {
        // Keycloak's cookies are Secure (Chromium keeps them on http://localhost, java.net's CookieManager does not): kept here.
        HttpClient http = HttpClient.newHttpClient();
        Map<String, String> cookies = new LinkedHashMap<>();
        try {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(portalUrl(urlName))).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (int hops = 0; page.statusCode() / 100 == 3 && hops < 5; hops++) {
                keep(cookies, page);
                page = http.send(withCookies(HttpRequest.newBuilder(page.uri().resolve(page.headers().firstValue("Location").orElseThrow())),
                        cookies).build(), HttpResponse.BodyHandlers.ofString());
            }
            keep(cookies, page);
            Matcher action = Pattern.compile("id=\"kc-form-login\"[^>]*?action=\"([^\"]+)\"").matcher(page.body());
            if (!action.find()) {
                throw new IllegalStateException("no login form at the portal tile's link: " + page.body());
            }
            String form = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&credentialId=";
            String posted = http.send(withCookies(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&"))), cookies)
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher response = Pattern.compile("name=\"SAMLResponse\"[^>]*?value=\"([^\"]+)\"").matcher(posted);
            if (!response.find()) {
                throw new IllegalStateException("no SAMLResponse in the IdP's answer: " + posted);
            }
            return response.group(1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void keep(Map<String, String> cookies, HttpResponse<?> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
    }

    private static HttpRequest.Builder withCookies(HttpRequest.Builder request, Map<String, String> cookies) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", String.join("; ", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).toList()));
        }
        return request;
    }

    /** The customer's admin releases more attributes to a registered client (its internal id). */
    public void release(String clientId, List<Map<String, Object>> mappers) {
        HttpResponse<String> r = admin.send("POST", "/admin/realms/" + REALM + "/clients/" + clientId + "/protocol-mappers/add-models", mappers);
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("release " + mappers + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** Entra's email claim URI alone, to release after {@link #entraAttributes}{@code (false)}. */
    public static List<Map<String, Object>> entraEmail() {
        return List.of(property("email", ENTRA_EMAIL));
    }

    /** Entra's claim URIs: email (unless left out), given name, surname, object id. */
    public static List<Map<String, Object>> entraAttributes(boolean withEmail) {
        List<Map<String, Object>> mappers = new ArrayList<>();
        if (withEmail) {
            mappers.add(property("email", ENTRA_EMAIL));
        }
        mappers.add(property("firstName", ENTRA_GIVEN));
        mappers.add(property("lastName", ENTRA_SURNAME));
        mappers.add(property("id", ENTRA_OID));
        return mappers;
    }

    /** Okta's attribute statements: email, firstName, lastName. */
    public static List<Map<String, Object>> oktaAttributes() {
        return List.of(property("email", "email"), property("firstName", "firstName"), property("lastName", "lastName"));
    }

    private static Map<String, Object> property(String property, String attribute) {
        return Map.of("name", attribute, "protocol", "saml", "protocolMapper", "saml-user-property-mapper",
                "config", Map.of("user.attribute", property, "attribute.name", attribute, "attribute.nameformat", "Basic"));
    }

    /** A user at the IdP (username = email, password {@link #PASSWORD}); its id. */
    public String user(String email, String first, String last) {
        users.add(email);
        admin.createUser(REALM, email, first, last, PASSWORD);
        return admin.usersByEmail(REALM, email).get(0).get("id").asText();
    }

    /** Removes the users and clients this object made at the IdP. */
    public void cleanUp() {
        users.forEach(email -> admin.deleteUsersByEmail(REALM, email));
        clients.forEach(id -> admin.send("DELETE", "/admin/realms/" + REALM + "/clients/" + id, null));
        users.clear();
        clients.clear();
    }
}
