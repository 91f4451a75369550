package dev.orgsso.testkit;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keycloak's SAML HTTP-POST binding page ("Authenticating...", the login theme's saml-post-form.ftl): a
 * form of hidden inputs (SAMLRequest or SAMLResponse, RelayState) that the page's script submits as
 * soon as it loads. The JavaScript-less {@link LoopbackHttp} submits it here, as the script would.
 */
public final class SamlPostForm {

    private static final Pattern FORM = Pattern.compile("(?s)<form name=\"saml-post-binding\" method=\"post\" action=\"([^\"]+)\">(.*?)</form>");
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"/>");

    /** The form as the page would post it: where to, and its hidden fields (SAMLRequest or SAMLResponse, RelayState). */
    public record Form(String action, Map<String, String> fields) {
    }

    private SamlPostForm() {
    }

    /** Whether the browser stopped at a POST binding page. */
    public static boolean in(LoopbackHttp.Stop stop) {
        return !stop.reachedApp() && stop.status() == 200 && stop.body().contains("name=\"saml-post-binding\"");
    }

    /** Submits the POST binding pages one after the other until the browser stops anywhere else. */
    public static LoopbackHttp.Stop submitAll(LoopbackHttp browser, LoopbackHttp.Stop stop) throws IOException, InterruptedException {
        for (int forms = 0; forms < 4 && in(stop); forms++) {
            stop = submit(browser, stop);
        }
        return stop;
    }

    /** Submits the page's form (its hidden inputs to its action); where the browser stopped after it. */
    public static LoopbackHttp.Stop submit(LoopbackHttp browser, LoopbackHttp.Stop stop) throws IOException, InterruptedException {
        Form form = read(stop);
        return browser.post(form.action(), form.fields());
    }

    /** The page's form, not submitted (a test keeps a response to post it again). */
    public static Form read(LoopbackHttp.Stop stop) {
        Matcher form = FORM.matcher(stop.body());
        if (!form.find()) {
            throw new IllegalStateException("no saml-post-binding form at " + stop.url() + ": " + stop.title());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher hidden = HIDDEN.matcher(form.group(2));
        while (hidden.find()) {
            fields.put(unescape(hidden.group(1)), unescape(hidden.group(2)));
        }
        return new Form(unescape(form.group(1)), fields);
    }

    /** FreeMarker's HTML escaping, undone. */
    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }
}
