package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orgsso.testkit.LoopbackHttp;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "Enter your organisation" without a browser: an app's login page, its SSO link, the form's POST. */
final class OrganisationForm {

    static final String FORM_ACTION = "id=\"orgsso-organisation-form\"[^>]*action=\"([^\"]+)\"";

    private OrganisationForm() {
    }

    /** The app's login page, its "Log in with SSO" link, then the "Enter your organisation" page (200). */
    static HttpResponse<String> page(LoopbackHttp browser, String appLoginUrl) throws Exception {
        LoopbackHttp.Stop login = browser.get(appLoginUrl);
        HttpResponse<String> page = browser.get(login.link("orgsso-login-with-sso")).response();
        assertEquals(200, page.statusCode(), page.body());
        return page;
    }

    /** POSTs the organisation on the page's form; Keycloak's answer as it is (the redirect to the IdP is not followed). */
    static HttpResponse<String> submit(LoopbackHttp browser, HttpResponse<String> page, String organisation) throws Exception {
        return browser.postOnce(attr(page.body(), FORM_ACTION), Map.of("organization", organisation));
    }

    /** The first group of the regex in the page, HTML-unescaped (&amp;); fails the test when absent. */
    static String attr(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        assertTrue(m.find(), regex + " not in page:\n" + html);
        return m.group(1).replace("&amp;", "&");
    }
}
