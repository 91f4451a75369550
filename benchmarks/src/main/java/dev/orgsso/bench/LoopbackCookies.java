package dev.orgsso.bench;

import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A browser's cookie jar for one loopback host, keyed by path and name. Unlike the JDK's CookieManager
 * it can forget one realm's cookies (a returning user whose help desk session ended but whose session
 * at their company's IdP is still open), and it sends Keycloak's Secure cookies back over
 * http://localhost as browsers do for that secure context.
 */
final class LoopbackCookies extends CookieHandler {

    private final Map<String, HttpCookie> jar = new LinkedHashMap<>();

    @Override
    public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        List<String> sent = new ArrayList<>();
        jar.values().removeIf(HttpCookie::hasExpired);
        for (HttpCookie c : jar.values()) {
            if (path.startsWith(pathOf(c))) {
                sent.add(c.getName() + "=" + c.getValue());
            }
        }
        return sent.isEmpty() ? Map.of() : Map.of("Cookie", List.of(String.join("; ", sent)));
    }

    @Override
    public synchronized void put(URI uri, Map<String, List<String>> responseHeaders) {
        for (Map.Entry<String, List<String>> h : responseHeaders.entrySet()) {
            if (h.getKey() == null || !h.getKey().equalsIgnoreCase("Set-Cookie")) {
                continue;
            }
            for (String header : h.getValue()) {
                for (HttpCookie c : HttpCookie.parse(header)) {
                    String key = pathOf(c) + " " + c.getName();
                    if (c.getMaxAge() == 0) {
                        jar.remove(key);
                    } else {
                        jar.put(key, c);
                    }
                }
            }
        }
    }

    /** Drops every cookie whose path lies under the prefix, e.g. {@code /realms/helpdesk}. */
    synchronized void forget(String pathPrefix) {
        jar.values().removeIf(c -> pathOf(c).startsWith(pathPrefix));
    }

    private static String pathOf(HttpCookie c) {
        return c.getPath() == null ? "/" : c.getPath();
    }
}
