package dev.orgsso.bench;

import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.OrgSsoStack;
import java.net.http.HttpResponse;

/**
 * A fresh browser (its own HttpClient, an empty cookie jar) whose connection to Keycloak is already
 * open: every timed request of the benchmarks is sent on a connection that has answered before, on
 * both sides of a row. A connection's first request is where the JDK client connects and, on
 * http://, asks for the h2c upgrade; timing it on one side only put that on that side's clock.
 */
final class WarmBrowser {

    private WarmBrowser() {
    }

    /**
     * A browser that has sent one untimed request to Keycloak: the realm's OIDC discovery document,
     * which sets no cookie, so the jar stays empty.
     *
     * @param appUrl where the browser stops (the app's redirect URI with the code), or null to follow every redirect
     */
    static LoopbackHttp open(String keycloakUrl, String appUrl) throws Exception {
        LoopbackHttp browser = appUrl == null ? new LoopbackHttp() : new LoopbackHttp(appUrl);
        warm(browser, keycloakUrl);
        return browser;
    }

    /** One untimed request to Keycloak on the browser's client (not counted in its waited time). */
    static void warm(LoopbackHttp browser, String keycloakUrl) throws Exception {
        HttpResponse<String> r = browser.getOnce(keycloakUrl + "/realms/" + OrgSsoStack.REALM + "/.well-known/openid-configuration");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("warm-up request answered " + r.statusCode());
        }
    }
}
