package dev.orgsso.testkit;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A JavaScript-less "browser" for HTTP-level tests and benchmarks: java.net.http with its own cookie
 * jar. Keycloak marks its cookies Secure even on http://localhost (a secure context for browsers); the
 * JDK's jar would then never send them back over http, so the attribute is dropped on the way in.
 */
public final class LoopbackHttp {

    private LoopbackHttp() {
    }

    public static HttpClient client(HttpClient.Redirect redirects) {
        CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        CookieHandler handler = new CookieHandler() {
            @Override
            public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) throws IOException {
                return jar.get(uri, headers);
            }

            @Override
            public void put(URI uri, Map<String, List<String>> headers) throws IOException {
                jar.put(uri, headers.entrySet().stream().filter(e -> e.getKey() != null).collect(Collectors.toMap(Map.Entry::getKey,
                        e -> e.getValue().stream().map(v -> v.replaceAll("(?i);\\s*Secure", "")).toList())));
            }
        };
        return HttpClient.newBuilder().cookieHandler(handler).followRedirects(redirects).build();
    }
}
