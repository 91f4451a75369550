package dev.orgsso.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real OIDC servers on loopback that look like the customers' IdPs: Entra ID tenants (issuer
 * {@code {authority}/{tid}/v2.0}, discovery by tenant id or by any of the tenant's domains, ID tokens with
 * {@code tid}, {@code oid}, pairwise {@code sub}, no {@code email_verified}, client-secret errors as
 * AADSTS codes), Okta authorization servers and JumpCloud (ID tokens with {@code email_verified}). They
 * sign RS256 ID tokens with their own key, check client secrets, redirect URIs and PKCE, and sign in
 * whoever the test names (no login page: the customer's IdP is not what is under test).
 */
public final class FakeIdentityProviders implements AutoCloseable {

    public enum Shape { ENTRA, OKTA, JUMPCLOUD, OIDC }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final KeyPair key;
    private final Map<String, Issuer> issuers = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> accessTokens = new ConcurrentHashMap<>();

    public FakeIdentityProviders(int port) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        // One thread per request: an issuer told to hang must not hold up the other customers' issuers.
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        issuer(Shape.JUMPCLOUD, "/jumpcloud/");
    }

    /** JumpCloud has one issuer for every customer (Keycloak's {@code jumpcloud-issuer} option points here); customers differ by client. */
    public Issuer jumpcloud() {
        return issuers.get("/jumpcloud");
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Where the Entra tenants live: Keycloak's {@code entra-authority} option points here. */
    public String entraAuthority() {
        return baseUrl() + "/entra";
    }

    /** An Entra tenant reachable by its id and by each of its domains. */
    public Issuer entraTenant(String tenantId, String... domains) {
        Issuer issuer = new Issuer(Shape.ENTRA, "/entra/" + tenantId + "/v2.0", tenantId);
        issuers.put(issuer.path, issuer);
        for (String domain : domains) {
            issuers.put("/entra/" + domain + "/v2.0", issuer);
        }
        return issuer;
    }

    /** An issuer at {@code baseUrl() + path}; a path ending in "/" gives an issuer with a trailing slash (JumpCloud's). */
    public Issuer issuer(Shape shape, String path) {
        Issuer issuer = new Issuer(shape, path, null);
        issuers.put(path.endsWith("/") ? path.substring(0, path.length() - 1) : path, issuer);
        return issuer;
    }

    @Override
    public void close() {
        issuers.values().forEach(Issuer::answer);
        server.stop(0);
    }

    /** One IdP: its clients, who signs in next, and what the last authorization request asked for. */
    public final class Issuer {
        private final Shape shape;
        private final String path;
        private final String tenantId;
        private final Map<String, String> clients = new ConcurrentHashMap<>();
        private volatile Map<String, Object> user = Map.of();
        private volatile Map<String, String> lastAuthorization = Map.of();
        private volatile String rejectSecrets;
        private volatile String statedIssuer;
        private volatile boolean codeFlow = true;
        private volatile CountDownLatch hang;
        private final AtomicInteger tokenRequests = new AtomicInteger();
        private final AtomicInteger tokenRequestsInProgress = new AtomicInteger();

        Issuer(Shape shape, String path, String tenantId) {
            this.shape = shape;
            this.path = path;
            this.tenantId = tenantId;
        }

        public String url() {
            return baseUrl() + path;
        }

        public String tenantId() {
            return tenantId;
        }

        public Issuer client(String clientId, String secret) {
            clients.put(clientId, secret);
            return this;
        }

        /** The claims of the user who signs in next (sub/oid and the vendor's claims). */
        public Issuer signIn(Map<String, Object> claims) {
            user = Map.copyOf(claims);
            return this;
        }

        /** From now on the token endpoint refuses every client secret, like an expired Entra secret. */
        public Issuer rejectSecrets(String entraCode) {
            rejectSecrets = entraCode;
            return this;
        }

        /** Discovery states another issuer than where it is served (a misconfiguration to refuse). */
        public Issuer stateIssuer(String issuer) {
            statedIssuer = issuer;
            return this;
        }

        public Issuer withoutCodeFlow() {
            codeFlow = false;
            return this;
        }

        /** From now on the token endpoint answers only after {@link #answer()} (or after 5 minutes), like a hung IdP. */
        public Issuer hangTokenEndpoint() {
            hang = new CountDownLatch(1);
            return this;
        }

        /** Lets the hung token requests go on (they answer as usual) and stops hanging. */
        public Issuer answer() {
            CountDownLatch h = hang;
            hang = null;
            if (h != null) {
                h.countDown();
            }
            return this;
        }

        /** Token requests received so far (a diagnosis that asked twice would show here). */
        public int tokenRequests() {
            return tokenRequests.get();
        }

        /** Token requests received and not yet answered. */
        public int tokenRequestsInProgress() {
            return tokenRequestsInProgress.get();
        }

        public Map<String, String> lastAuthorization() {
            return lastAuthorization;
        }

        String issuerUrl() {
            return shape == Shape.JUMPCLOUD ? url() : url().replaceAll("/$", "");
        }

        String endpoint(String name) {
            return url().replaceAll("/$", "") + "/" + name;
        }
    }

    private record Grant(Issuer issuer, String clientId, String redirectUri, String nonce, String challenge, Map<String, Object> user) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            int cut = path.lastIndexOf('/');
            String suffix = path.substring(cut + 1);
            String prefix = path.substring(0, cut);
            if (path.endsWith("/.well-known/openid-configuration")) {
                prefix = path.substring(0, path.length() - "/.well-known/openid-configuration".length());
                suffix = "discovery";
            }
            Issuer issuer = issuers.get(prefix);
            if (issuer == null) {
                send(exchange, 404, Map.of("error", "not_found"));
                return;
            }
            switch (suffix) {
                case "discovery" -> send(exchange, 200, discovery(issuer));
                case "authorize" -> authorize(exchange, issuer);
                case "token" -> token(exchange, issuer);
                case "keys" -> send(exchange, 200, Map.of("keys", List.of(jwk())));
                case "userinfo" -> userInfo(exchange);
                default -> send(exchange, 404, Map.of("error", "not_found"));
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    private Map<String, Object> discovery(Issuer issuer) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer.statedIssuer != null ? issuer.statedIssuer : issuer.issuerUrl());
        doc.put("authorization_endpoint", issuer.endpoint("authorize"));
        doc.put("token_endpoint", issuer.endpoint("token"));
        doc.put("jwks_uri", issuer.endpoint("keys"));
        doc.put("userinfo_endpoint", issuer.endpoint("userinfo"));
        doc.put("response_types_supported", issuer.codeFlow ? List.of("code", "id_token", "code id_token") : List.of("id_token"));
        doc.put("grant_types_supported", issuer.codeFlow ? List.of("authorization_code", "refresh_token") : List.of("implicit"));
        doc.put("subject_types_supported", List.of(issuer.shape == Shape.ENTRA ? "pairwise" : "public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
        if (issuer.shape == Shape.ENTRA) {
            doc.put("tenant_region_scope", "EU");
        }
        return doc;
    }

    private void authorize(HttpExchange exchange, Issuer issuer) throws IOException {
        Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
        issuer.lastAuthorization = Map.copyOf(q);
        String clientId = q.get("client_id");
        String redirectUri = q.get("redirect_uri");
        if (clientId == null || !issuer.clients.containsKey(clientId) || redirectUri == null) {
            send(exchange, 400, Map.of("error", "unauthorized_client"));
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(issuer, clientId, redirectUri, q.get("nonce"), q.get("code_challenge"), issuer.user));
        String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + code
                + (q.get("state") == null ? "" : "&state=" + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private void token(HttpExchange exchange, Issuer issuer) throws Exception {
        issuer.tokenRequests.incrementAndGet();
        issuer.tokenRequestsInProgress.incrementAndGet();
        try {
            CountDownLatch hang = issuer.hang;
            if (hang != null) {
                hang.await(5, TimeUnit.MINUTES);
            }
            answerToken(exchange, issuer);
        } finally {
            issuer.tokenRequestsInProgress.decrementAndGet();
        }
    }

    private void answerToken(HttpExchange exchange, Issuer issuer) throws Exception {
        Map<String, String> f = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String clientId = f.get("client_id");
        String secret = f.get("client_secret");
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            clientId = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = URLDecoder.decode(pair[1], StandardCharsets.UTF_8);
        }
        if (clientId == null || !issuer.clients.containsKey(clientId) || issuer.rejectSecrets != null
                || !MessageDigest.isEqual(issuer.clients.get(clientId).getBytes(StandardCharsets.UTF_8),
                String.valueOf(secret).getBytes(StandardCharsets.UTF_8))) {
            String code = issuer.rejectSecrets != null ? issuer.rejectSecrets : "AADSTS7000215";
            String description = issuer.shape == Shape.ENTRA
                    ? code + ": " + ("AADSTS7000222".equals(code) ? "The provided client secret keys for app '" + clientId + "' are expired."
                    : "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.")
                    : "Client authentication failed.";
            send(exchange, 401, Map.of("error", "invalid_client", "error_description", description));
            return;
        }
        Grant grant = codes.remove(String.valueOf(f.get("code")));
        if (grant == null || grant.issuer != issuer || !grant.clientId.equals(clientId) || !grant.redirectUri.equals(f.get("redirect_uri"))
                || (grant.challenge != null && !grant.challenge.equals(s256(f.get("code_verifier"))))) {
            send(exchange, 400, Map.of("error", "invalid_grant", "error_description", "The code is unknown, used or not for this client."));
            return;
        }
        Map<String, Object> claims = idTokenClaims(grant);
        String accessToken = UUID.randomUUID().toString();
        accessTokens.put(accessToken, claims);
        send(exchange, 200, Map.of("access_token", accessToken, "token_type", "Bearer", "expires_in", 3600,
                "scope", "openid email profile", "id_token", sign(claims)));
    }

    private void userInfo(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        Map<String, Object> claims = auth == null ? null : accessTokens.get(auth.replaceFirst("^Bearer ", ""));
        if (claims == null) {
            send(exchange, 401, Map.of("error", "invalid_token"));
            return;
        }
        Map<String, Object> info = new HashMap<>(claims);
        for (String k : List.of("iss", "aud", "iat", "exp", "nonce", "nbf")) {
            info.remove(k);
        }
        send(exchange, 200, info);
    }

    private Map<String, Object> idTokenClaims(Grant grant) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", grant.issuer.issuerUrl());
        claims.put("aud", grant.clientId);
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + 3600);
        if (grant.nonce != null) {
            claims.put("nonce", grant.nonce);
        }
        claims.putAll(grant.user);
        if (grant.issuer.shape == Shape.ENTRA) {
            claims.put("ver", "2.0");
            claims.put("tid", grant.issuer.tenantId);
            // Entra's sub is pairwise: the same user gets another sub in every app registration.
            claims.putIfAbsent("sub", "pairwise-" + grant.clientId.hashCode() + "-" + grant.user.get("oid"));
        }
        return claims;
    }

    private String sign(Map<String, Object> claims) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", "fake-1")));
        String body = b64.encodeToString(JSON.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key.getPrivate());
        rsa.update((header + "." + body).getBytes(StandardCharsets.US_ASCII));
        return header + "." + body + "." + b64.encodeToString(rsa.sign());
    }

    private Map<String, Object> jwk() {
        RSAPublicKey pub = (RSAPublicKey) key.getPublic();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return Map.of("kty", "RSA", "use", "sig", "alg", "RS256", "kid", "fake-1",
                "n", b64.encodeToString(unsigned(pub.getModulus())), "e", b64.encodeToString(unsigned(pub.getPublicExponent())));
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String s256(String verifier) {
        return verifier == null ? null : DemoApp.challenge(verifier);
    }

    private static Map<String, String> form(String raw) {
        return DemoApp.query(raw);
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
