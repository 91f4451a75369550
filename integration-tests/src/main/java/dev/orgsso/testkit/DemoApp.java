package dev.orgsso.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for the help desk product: one OIDC confidential client per app (authorization code +
 * PKCE). {@code /{app}/login} starts a login (extra query parameters such as {@code kc_idp_hint} or
 * {@code login_hint} are passed on to Keycloak); the callback shows the ID token's claims.
 */
public final class DemoApp implements AutoCloseable {

    public static final List<String> APPS = List.of("main-app", "widget", "knowledgebase", "portal", "agent-app");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final HttpServer server;
    private final String keycloakUrl;
    private final String realm;
    private final String clientSecret;
    private final String handoffSecret;
    private final HttpClient http = HttpClient.newHttpClient();
    private final SecureRandom random = new SecureRandom();
    /** state -> PKCE verifier; only this demo process ever sees it. */
    private final Map<String, String> pending = new ConcurrentHashMap<>();

    private DemoApp(HttpServer server, String keycloakUrl, String realm, String clientSecret, String handoffSecret) {
        this.server = server;
        this.keycloakUrl = keycloakUrl;
        this.realm = realm;
        this.clientSecret = clientSecret;
        this.handoffSecret = handoffSecret;
    }

    /** @param handoffSecret the demo organisation's JWT handoff secret, for the "acme's own site" stand-in */
    public static DemoApp start(int port, String keycloakUrl, String realm, String clientSecret, String handoffSecret) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        DemoApp app = new DemoApp(server, keycloakUrl, realm, clientSecret, handoffSecret);
        server.createContext("/", app::handle);
        server.start();
        return app;
    }

    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    public String loginUrl(String app) {
        return url() + "/" + app + "/login";
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String[] parts = ex.getRequestURI().getPath().split("/");
            if (parts.length == 3 && parts[1].equals("acme-site")) {
                acmeSite(ex, parts[2], query(ex.getRequestURI().getRawQuery()));
                return;
            }
            if (parts.length < 3 || !APPS.contains(parts[1])) {
                html(ex, 200, index());
                return;
            }
            String app = parts[1];
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            switch (parts[2]) {
                case "login" -> login(ex, app, query);
                case "callback" -> callback(ex, app, query);
                case "logged-out" -> html(ex, 200, page("Signed out of " + app,
                        "<p id=signed-out>You are signed out.</p><p><a href='/" + app + "/login'>Sign in again</a></p>"));
                default -> html(ex, 404, page("Not found", ""));
            }
        } catch (Exception e) {
            html(ex, 500, page("Demo app error", "<pre>" + MailCatcher.escape(String.valueOf(e)) + "</pre>"));
        }
    }

    private void login(HttpExchange ex, String app, Map<String, String> extra) throws IOException {
        String state = token();
        String verifier = token() + token();
        pending.put(state, verifier);
        Map<String, String> q = new LinkedHashMap<>(extra);
        q.put("client_id", app);
        q.put("redirect_uri", url() + "/" + app + "/callback");
        q.put("response_type", "code");
        q.putIfAbsent("scope", "openid");
        q.put("state", state);
        q.put("code_challenge", challenge(verifier));
        q.put("code_challenge_method", "S256");
        ex.getResponseHeaders().set("Location", realmUrl() + "/protocol/openid-connect/auth?" + form(q));
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private void callback(HttpExchange ex, String app, Map<String, String> q) throws IOException, InterruptedException {
        if (q.containsKey("error")) {
            html(ex, 200, page("Sign-in did not complete", "<p id=error>" + MailCatcher.escape(q.get("error")) + ": "
                    + MailCatcher.escape(q.getOrDefault("error_description", "")) + "</p>"));
            return;
        }
        String verifier = pending.remove(q.getOrDefault("state", ""));
        if (verifier == null) {
            html(ex, 400, page("Unknown state", "<p id=error>unknown or reused state</p>"));
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", q.get("code"));
        form.put("redirect_uri", url() + "/" + app + "/callback");
        form.put("client_id", app);
        form.put("client_secret", clientSecret);
        form.put("code_verifier", verifier);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(realmUrl() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            html(ex, 502, page("Token exchange failed", "<pre id=error>" + MailCatcher.escape(r.body()) + "</pre>"));
            return;
        }
        Map<?, ?> tokens = JSON.readValue(r.body(), Map.class);
        String idToken = (String) tokens.get("id_token");
        Map<?, ?> claims = JSON.readValue(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]), Map.class);
        Map<?, ?> access = JSON.readValue(Base64.getUrlDecoder().decode(((String) tokens.get("access_token")).split("\\.")[1]), Map.class);
        String logout = realmUrl() + "/protocol/openid-connect/logout?" + form(Map.of(
                "id_token_hint", idToken, "post_logout_redirect_uri", url() + "/" + app + "/logged-out"));
        html(ex, 200, page("Signed in to " + app,
                "<p>Hello <b id=user>" + MailCatcher.escape(String.valueOf(claims.get("email"))) + "</b></p>"
                        + "<p><a id=logout href='" + MailCatcher.escape(logout) + "'>Sign out</a></p>"
                        + "<h2>ID token</h2><pre id=claims>" + MailCatcher.escape(JSON.writeValueAsString(claims)) + "</pre>"
                        + "<h2>Access token</h2><pre id=access-token hidden>" + MailCatcher.escape((String) tokens.get("access_token")) + "</pre>"
                        + "<pre id=access-claims>" + MailCatcher.escape(JSON.writeValueAsString(access)) + "</pre>"));
    }

    /**
     * A stand-in for the customer's own web site (JWT handoff): its "login" page signs the user in
     * there and hands them to Keycloak with an HS256 JWT, as the README's guide tells customers to.
     */
    private void acmeSite(HttpExchange ex, String page, Map<String, String> q) throws IOException {
        String returnTo = q.getOrDefault("return_to", "");
        if (page.equals("login")) {
            String email = q.getOrDefault("email", "bob@acme.test");
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("email", email);
            claims.put("name", "Bob Builder");
            claims.put("iat", System.currentTimeMillis() / 1000);
            claims.put("jti", token());
            String jwt = signHs256(claims, handoffSecret);
            html(ex, 200, page("Acme intranet (the customer's own site)",
                    "<p>You are signed in to Acme's intranet as <b>" + MailCatcher.escape(email) + "</b>.</p>"
                            + "<form id=handoff method=post action='" + MailCatcher.escape(keycloakUrl + "/realms/" + realm + "/orgsso/jwt/acme") + "'>"
                            + "<input type=hidden name=jwt value='" + jwt + "'>"
                            + (returnTo.isEmpty() ? "" : "<input type=hidden name=return_to value='" + MailCatcher.escape(returnTo) + "'>")
                            + "<button id=continue type=submit>Continue to the help desk</button></form>"));
        } else {
            html(ex, 200, page("Acme intranet", "<p id=signed-out>You left the help desk.</p>"));
        }
    }

    public static String signHs256(Map<String, Object> claims, String secret) {
        try {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + b64.encodeToString(JSON.writeValueAsBytes(claims));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String index() {
        StringBuilder links = new StringBuilder("<ul>");
        for (String app : APPS) {
            links.append("<li><a href='/").append(app).append("/login'>").append(app).append("</a></li>");
        }
        links.append("</ul><p><a href='/acme-site/login'>Start at Acme's own site (JWT handoff)</a></p>");
        return page("Help desk demo apps", links.toString());
    }

    private String realmUrl() {
        return keycloakUrl + "/realms/" + realm;
    }

    private static String page(String title, String body) {
        return "<!doctype html><html><head><meta charset=utf-8><title>" + MailCatcher.escape(title) + "</title>"
                + "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}pre{background:#f4f4f4;padding:1em}</style>"
                + "</head><body><h1>" + MailCatcher.escape(title) + "</h1>" + body + "</body></html>";
    }

    private static void html(HttpExchange ex, int status, String html) throws IOException {
        byte[] b = html.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private String token() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The PKCE S256 code challenge of a verifier (RFC 7636). */
    public static String challenge(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String form(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    /** Decodes a query string or form body. */
    public static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int i = pair.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
