package dev.orgsso.bench;

import dev.orgsso.testkit.DemoApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JavaScript-less browser that follows redirects itself, so that it can stop at the app's redirect
 * URI (the code is what a sign-in delivers; the app's token exchange is the app's cost, not the
 * sign-in's) and count only the time spent waiting for servers, not the benchmark's own work between
 * requests (reading a mail, parsing a page).
 */
final class LoopbackBrowser {

    /** Where a walk through redirects ended: a page, or a redirect to the app with the code. */
    record Stop(int status, String url, String body, String appRedirect) {
        boolean reachedApp() {
            return appRedirect != null;
        }

        String form(String formId) {
            Matcher m = Pattern.compile("id=\"" + Pattern.quote(formId) + "\"[^>]*action=\"([^\"]+)\"").matcher(body);
            if (!m.find()) {
                throw new IllegalStateException("no form " + formId + " at " + url + " (status " + status + "): " + title());
            }
            return m.group(1).replace("&amp;", "&");
        }

        String title() {
            Matcher t = Pattern.compile("(?s)<(?:h1|title)[^>]*>(.*?)</(?:h1|title)>").matcher(body);
            return t.find() ? t.group(1).trim().replaceAll("\\s+", " ") : body.substring(0, Math.min(200, body.length()));
        }

        Stop expectCode() {
            if (!reachedApp() || !appRedirect.contains("code=")) {
                throw new IllegalStateException("sign-in did not reach the app with a code; stopped at " + url + " (status "
                        + status + "): " + (appRedirect != null ? appRedirect : title()));
            }
            return this;
        }
    }

    /** {@code -Dorgsso.bench.trace=true} prints every request with its time: where a slow row spends it. */
    private static final boolean TRACE = Boolean.getBoolean("orgsso.bench.trace");

    private final LoopbackCookies cookies = new LoopbackCookies();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    private final String appUrl;
    private long waitedNanos;

    LoopbackBrowser(String appUrl) {
        this.appUrl = appUrl;
    }

    Stop get(String url) throws IOException, InterruptedException {
        return follow(HttpRequest.newBuilder(URI.create(url)).build());
    }

    Stop post(String url, Map<String, String> form) throws IOException, InterruptedException {
        return follow(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(form))).build());
    }

    /** Time spent waiting for responses since the last call; resets the clock. */
    long takeWaitedNanos() {
        long w = waitedNanos;
        waitedNanos = 0;
        return w;
    }

    void forgetCookiesUnder(String pathPrefix) {
        cookies.forget(pathPrefix);
    }

    private Stop follow(HttpRequest request) throws IOException, InterruptedException {
        for (int hops = 0; hops < 20; hops++) {
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            waitedNanos += took;
            String url = request.uri().toString();
            if (TRACE) {
                System.out.printf("    %6.1f ms %s %s -> %d%n", took / 1e6, request.method(), request.uri().getPath(), r.statusCode());
            }
            if (r.statusCode() / 100 != 3) {
                return new Stop(r.statusCode(), url, r.body(), null);
            }
            String next = request.uri().resolve(r.headers().firstValue("Location").orElseThrow()).toString();
            if (next.startsWith(appUrl + "/")) {
                return new Stop(r.statusCode(), url, r.body(), next);
            }
            request = HttpRequest.newBuilder(URI.create(next)).build();
        }
        throw new IllegalStateException("more than 20 redirects from " + request.uri());
    }
}
