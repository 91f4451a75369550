package dev.orgsso.testkit;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JavaScript-less browser for HTTP-level tests and benchmarks: java.net.http with its own cookie jar,
 * following redirects itself so that it can stop at the app's redirect URI (the code is what a sign-in
 * delivers; the app's token exchange is the app's cost, not the sign-in's) and count only the time
 * spent waiting for servers, not the caller's own work between requests (reading a mail, parsing a page).
 */
public final class LoopbackHttp {

    /** Where a walk through redirects ended: a page, or (with an app URL) a redirect to the app with the code. */
    public record Stop(HttpResponse<String> response, String appRedirect) {

        public int status() {
            return response.statusCode();
        }

        /** The URL of the last request. */
        public String url() {
            return response.request().uri().toString();
        }

        public String body() {
            return response.body();
        }

        public boolean reachedApp() {
            return appRedirect != null;
        }

        /** The action of the form with this id, unescaped; fails when the page has none. */
        public String form(String formId) {
            return attribute(formId, "action");
        }

        /** The href of the link with this id, unescaped; fails when the page has none. */
        public String link(String id) {
            return attribute(id, "href");
        }

        public String title() {
            Matcher t = Pattern.compile("(?s)<(?:h1|title)[^>]*>(.*?)</(?:h1|title)>").matcher(body());
            return t.find() ? t.group(1).trim().replaceAll("\\s+", " ") : body().substring(0, Math.min(200, body().length()));
        }

        public Stop expectCode() {
            if (!reachedApp() || !appRedirect.contains("code=")) {
                throw new IllegalStateException("sign-in did not reach the app with a code; stopped at " + url() + " (status "
                        + status() + "): " + (appRedirect != null ? appRedirect : title()));
            }
            return this;
        }

        private String attribute(String id, String attribute) {
            Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*" + attribute + "=\"([^\"]+)\"").matcher(body());
            if (!m.find()) {
                throw new IllegalStateException("no #" + id + " with " + attribute + " at " + url() + " (status " + status() + "): "
                        + title());
            }
            return m.group(1).replace("&amp;", "&");
        }
    }

    /** {@code -Dorgsso.bench.trace=true} prints every request with its time: where a slow row spends it. */
    private static final boolean TRACE = Boolean.getBoolean("orgsso.bench.trace");
    private static final int MAX_REDIRECTS = 20;

    private final Cookies cookies = new Cookies();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    private final String appUrl;
    private long waitedNanos;

    /** A browser that follows every redirect to the page at the end. */
    public LoopbackHttp() {
        this(null);
    }

    /** A browser that stops at a redirect into the app at this URL (the app's callback with the code). */
    public LoopbackHttp(String appUrl) {
        this.appUrl = appUrl;
    }

    /**
     * A bare client with this browser's kind of cookie jar (a fresh one), for a caller that sends its
     * own requests.
     */
    public static HttpClient client(HttpClient.Redirect redirects) {
        return HttpClient.newBuilder().cookieHandler(new Cookies()).followRedirects(redirects).build();
    }

    /** GET, then the redirects. */
    public Stop get(String url) throws IOException, InterruptedException {
        return follow(HttpRequest.newBuilder(URI.create(url)).build());
    }

    /** POST of a form, then the redirects. */
    public Stop post(String url, Map<String, String> form) throws IOException, InterruptedException {
        return follow(formPost(url, form));
    }

    /** One GET, its answer as it is (a redirect is not followed). */
    public HttpResponse<String> getOnce(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).build());
    }

    /** One POST of a form, its answer as it is (a redirect is not followed). */
    public HttpResponse<String> postOnce(String url, Map<String, String> form) throws IOException, InterruptedException {
        return send(formPost(url, form));
    }

    /** One request with this browser's cookies, not timed. */
    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The client with this browser's cookies, for a caller that times its own request. */
    public HttpClient http() {
        return http;
    }

    /** Time spent waiting for responses (of get and post) since the last call; resets the clock. */
    public long takeWaitedNanos() {
        long w = waitedNanos;
        waitedNanos = 0;
        return w;
    }

    /**
     * Drops every cookie whose path lies under the prefix, e.g. {@code /realms/helpdesk}: a returning user
     * whose help desk session ended but whose session at their company's IdP is still open.
     */
    public void forgetCookiesUnder(String pathPrefix) {
        cookies.forget(pathPrefix);
    }

    private static HttpRequest formPost(String url, Map<String, String> form) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(form))).build();
    }

    private Stop follow(HttpRequest request) throws IOException, InterruptedException {
        for (int hops = 0; hops < MAX_REDIRECTS; hops++) {
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            waitedNanos += took;
            if (TRACE) {
                System.out.printf("    %6.1f ms %s %s -> %d%n", took / 1e6, request.method(), request.uri().getPath(), r.statusCode());
            }
            if (r.statusCode() / 100 != 3) {
                return new Stop(r, null);
            }
            String next = request.uri().resolve(r.headers().firstValue("Location").orElseThrow()).toString();
            if (appUrl != null && next.startsWith(appUrl + "/")) {
                return new Stop(r, next);
            }
            request = HttpRequest.newBuilder(URI.create(next)).build();
        }
        throw new IllegalStateException("more than " + MAX_REDIRECTS + " redirects from " + request.uri());
    }

    /**
     * A browser's cookie jar, keyed by host, path and name; like a browser's, blind to the port (RFC 6265),
     * so that cookies set on one port of a host go to its other ports too. Unlike the JDK's CookieManager it
     * sends Keycloak's Secure cookies back over http://localhost (a secure context for browsers) and can
     * forget the cookies under one path.
     */
    static final class Cookies extends CookieHandler {

        private final Map<String, Entry> jar = new LinkedHashMap<>();

        private record Entry(String host, String path, HttpCookie cookie) {
        }

        @Override
        public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            String host = host(uri);
            String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
            List<String> sent = new ArrayList<>();
            jar.values().removeIf(e -> e.cookie().hasExpired());
            for (Entry e : jar.values()) {
                if (domainMatches(host, e) && pathMatches(path, e.path())) {
                    sent.add(e.cookie().getName() + "=" + e.cookie().getValue());
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
                        String host = c.getDomain() == null ? host(uri) : c.getDomain().toLowerCase(Locale.ROOT).replaceFirst("^\\.", "");
                        String path = c.getPath() == null ? defaultPath(uri) : c.getPath();
                        String key = host + " " + path + " " + c.getName();
                        if (c.getMaxAge() == 0) {
                            jar.remove(key);
                        } else {
                            jar.put(key, new Entry(host, path, c));
                        }
                    }
                }
            }
        }

        synchronized void forget(String pathPrefix) {
            jar.values().removeIf(e -> e.path().startsWith(pathPrefix));
        }

        private static String host(URI uri) {
            return uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        }

        private static boolean domainMatches(String host, Entry e) {
            return host.equals(e.host()) || (e.cookie().getDomain() != null && host.endsWith("." + e.host()));
        }

        private static boolean pathMatches(String path, String cookiePath) {
            return path.startsWith(cookiePath);
        }

        /** RFC 6265 5.1.4: a cookie without a Path belongs to the directory of the URL that set it. */
        private static String defaultPath(URI uri) {
            String path = uri.getPath();
            if (path == null || !path.startsWith("/") || path.lastIndexOf('/') == 0) {
                return "/";
            }
            return path.substring(0, path.lastIndexOf('/'));
        }
    }
}
