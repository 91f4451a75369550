package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orgsso.testkit.DemoApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "Enter your organisation" without a browser: an app's login page, its SSO link, the form's POST. */
final class OrganisationForm {

    static final String SSO_LINK = "id=\"orgsso-login-with-sso\"[^>]*href=\"([^\"]+)\"";
    static final String FORM_ACTION = "id=\"orgsso-organisation-form\"[^>]*action=\"([^\"]+)\"";

    private OrganisationForm() {
    }

    /** The app's login page, its "Log in with SSO" link, then the "Enter your organisation" page (200). */
    static HttpResponse<String> page(HttpClient http, String appLoginUrl) throws Exception {
        HttpResponse<String> login = follow(http, URI.create(appLoginUrl));
        HttpResponse<String> page = follow(http, URI.create(attr(login.body(), SSO_LINK)));
        assertEquals(200, page.statusCode(), page.body());
        return page;
    }

    /** POSTs the organisation on the page's form; Keycloak's answer as it is (a client that does not
     *  follow redirects sees the redirect to the IdP). */
    static HttpResponse<String> submit(HttpClient http, HttpResponse<String> page, String organisation) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(attr(page.body(), FORM_ACTION)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(Map.of("organization", organisation)))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET, following redirects by hand: the same client must not follow the organisation form's redirect. */
    static HttpResponse<String> follow(HttpClient http, URI at) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(at).build(), HttpResponse.BodyHandlers.ofString());
        while (r.statusCode() / 100 == 3) {
            at = at.resolve(r.headers().firstValue("Location").orElseThrow());
            r = http.send(HttpRequest.newBuilder(at).build(), HttpResponse.BodyHandlers.ofString());
        }
        return r;
    }

    /** The first group of the regex in the page, HTML-unescaped (&amp;); fails the test when absent. */
    static String attr(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        assertTrue(m.find(), regex + " not in page:\n" + html);
        return m.group(1).replace("&amp;", "&");
    }
}
