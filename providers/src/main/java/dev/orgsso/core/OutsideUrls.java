package dev.orgsso.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.DnsResolver;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.conn.util.PublicSuffixMatcherLoader;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.impl.conn.SystemDefaultDnsResolver;
import org.apache.http.protocol.HttpContext;
import org.keycloak.Config;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpResponse;

/**
 * The one way the pack fetches a URL that came from outside: an issuer or metadata URL a customer's IT
 * admin typed, and the endpoints the document fetched from it names. Such a URL must not make Keycloak
 * call into its own network (server-side request forgery): it must be https, without user info or
 * fragment, and every address its host has must be public ({@link PublicAddress}). {@link #check} says so
 * before a fetch; {@link #http} fetches over a client of its own that checks the addresses again when it
 * connects, so a name that resolves to another address by then (DNS rebinding) is refused too, and that
 * follows no redirect, so a public server cannot send the fetch on to a private one.
 *
 * <p>The client uses no proxy, unlike Keycloak's own: through a proxy the check would see only the proxy's
 * address. Server option {@code --spi-realm-restapi-extension--orgsso--allow-loopback-urls} (default false)
 * also lets through loopback addresses, and http to them, for the tests and the demo, whose IdP runs on
 * this host; nothing else.
 *
 * <p>One per node (the factory holds it): it owns a connection pool, made at the first fetch and closed
 * with {@link #close()}.
 */
public final class OutsideUrls implements AutoCloseable {

    /** Enough for onboarding and sign-in calls to a few IdPs at once; a full pool waits the connect timeout. */
    private static final int MAX_CONNECTIONS = 64;
    private static final int MAX_CONNECTIONS_PER_HOST = 16;

    private final boolean allowLoopback;
    private final HostAddresses addresses;
    private CloseableHttpClient client; // guarded by this
    private boolean closed; // guarded by this

    public OutsideUrls(boolean allowLoopback) {
        this(allowLoopback, SystemDefaultDnsResolver.INSTANCE);
    }

    /** With the names' resolver given, so a test can say what a name resolves to. */
    OutsideUrls(boolean allowLoopback, DnsResolver names) {
        this.allowLoopback = allowLoopback;
        this.addresses = new HostAddresses(names);
    }

    public static OutsideUrls from(Config.Scope config) {
        return new OutsideUrls(Boolean.TRUE.equals(config.getBoolean("allowLoopbackUrls", false)));
    }

    public boolean allowLoopback() {
        return allowLoopback;
    }

    /** Checks syntax and every address the host resolves to now; returns the URI or throws Refused. */
    public URI check(String url) {
        URI uri = parse(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean plain = scheme.equals("http");
        if (!plain && !scheme.equals("https")) {
            throw new Refused(Kind.NOT_HTTPS);
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused(Kind.USER_INFO);
        }
        if (uri.getRawFragment() != null) {
            throw new Refused(Kind.FRAGMENT);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new Refused(Kind.NOT_A_URL);
        }
        if (plain && !allowLoopback) {
            throw new Refused(Kind.NOT_HTTPS);
        }
        InetAddress[] all;
        try {
            all = allowed(addresses.of(host));
        } catch (UnknownHostException e) {
            throw new Refused(Kind.UNRESOLVABLE);
        }
        if (plain) {
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    throw new Refused(Kind.NOT_HTTPS);
                }
            }
        }
        if (HostAddresses.isOddIpv4(host)) {
            throw new Refused(Kind.NOT_A_URL);
        }
        return uri;
    }

    /**
     * Keycloak's SimpleHttp over a client that re-checks addresses at connect time and follows no
     * redirects, with the given timeouts. A refusal at connect time reaches the caller of
     * {@code asResponse()}/{@code asJson()} as an IOException (an UnknownHostException, as if the name had
     * no address) whose cause is the {@link Refused}: {@link Refused#in(Throwable)} finds it. A redirect
     * comes back as the 3xx answer it is: see {@link #notRedirected(SimpleHttpResponse)}.
     */
    public SimpleHttp http(IdpConnection timeouts) {
        return SimpleHttp.create(client()).withRequestConfig(RequestConfig.custom()
                .setConnectTimeout(timeouts.connectTimeoutMillis())
                .setSocketTimeout(timeouts.readTimeoutMillis())
                .setConnectionRequestTimeout(timeouts.connectTimeoutMillis())
                .setRedirectsEnabled(false)
                .build());
    }

    /** The response, unless it is a redirect (3xx): then closes it and throws Refused(REDIRECT). */
    public static SimpleHttpResponse notRedirected(SimpleHttpResponse response) throws IOException {
        int status = response.getStatus();
        if (status >= 300 && status < 400) {
            response.close();
            throw new Refused(Kind.REDIRECT);
        }
        return response;
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private synchronized CloseableHttpClient client() {
        if (closed) {
            throw new IllegalStateException("OutsideUrls is closed");
        }
        if (client == null) {
            client = newClient();
        }
        return client;
    }

    private CloseableHttpClient newClient() {
        RegistryBuilder<ConnectionSocketFactory> schemes = RegistryBuilder.<ConnectionSocketFactory>create()
                .register("https", new SSLConnectionSocketFactory(defaultSsl(),
                        new DefaultHostnameVerifier(PublicSuffixMatcherLoader.getDefault())));
        if (allowLoopback) {
            schemes.register("http", new LoopbackOnly());
        }
        // Called for every new connection, after any check(): what is connected to is what was checked.
        DnsResolver checkedAtConnect = host -> {
            try {
                return allowed(addresses.of(host));
            } catch (Refused refused) {
                UnknownHostException e = new UnknownHostException(refused.getMessage());
                e.initCause(refused);
                throw e;
            }
        };
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(schemes.build(), checkedAtConnect);
        pool.setMaxTotal(MAX_CONNECTIONS);
        pool.setDefaultMaxPerRoute(MAX_CONNECTIONS_PER_HOST);
        // No useSystemProperties(): no proxy. No cookies or cached auth shared between organisations' IdPs.
        return HttpClients.custom()
                .setConnectionManager(pool)
                .disableRedirectHandling()
                // One try: a slow or refusing IdP costs the caller one timeout, and a refusal is not asked again.
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /** The JDK's default context: Keycloak configures its truststore (option truststore-paths) as the JVM's. */
    private static SSLContext defaultSsl() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private InetAddress[] allowed(InetAddress[] all) {
        for (InetAddress a : all) {
            if (!(allowLoopback && a.isLoopbackAddress()) && !PublicAddress.isPublic(a)) {
                throw new Refused(Kind.NOT_PUBLIC);
            }
        }
        return all;
    }

    private static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw new Refused(Kind.NOT_A_URL);
        }
        try {
            URI uri = new URI(url.strip());
            if (!uri.isAbsolute() || uri.isOpaque()) {
                throw new Refused(Kind.NOT_A_URL);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new Refused(Kind.NOT_A_URL);
        }
    }

    /** Plain http, only ever to this host (allowLoopback): the addresses were checked, the scheme is checked here. */
    private static final class LoopbackOnly implements ConnectionSocketFactory {
        private final ConnectionSocketFactory plain = PlainConnectionSocketFactory.getSocketFactory();

        @Override
        public Socket createSocket(HttpContext context) throws IOException {
            return plain.createSocket(context);
        }

        @Override
        public Socket connectSocket(int connectTimeout, Socket socket, HttpHost host, InetSocketAddress remoteAddress,
                InetSocketAddress localAddress, HttpContext context) throws IOException {
            if (!remoteAddress.getAddress().isLoopbackAddress()) {
                if (socket != null) {
                    socket.close();
                }
                IOException e = new IOException(Kind.NOT_HTTPS.message);
                e.initCause(new Refused(Kind.NOT_HTTPS));
                throw e;
            }
            return plain.connectSocket(connectTimeout, socket, host, remoteAddress, localAddress, context);
        }
    }

    /** Why a URL from outside is not fetched. */
    public enum Kind {
        NOT_A_URL("This is not a complete URL with a host name (such as https://idp.example.com/)."),
        NOT_HTTPS("The URL must start with https://."),
        USER_INFO("The URL must not contain a user name or password."),
        FRAGMENT("The URL must not contain a # part."),
        NOT_PUBLIC("The URL's host is not a public internet address."),
        UNRESOLVABLE("The URL's host name was not found in DNS."),
        REDIRECT("The URL answered with a redirect; enter the address it redirects to.");

        private final String message;

        Kind(String message) {
            this.message = message;
        }
    }

    /**
     * A URL from outside that is not fetched. The message is the kind's, in plain words for the admin who
     * typed the URL; it never repeats the URL or anything fetched, which may be an attacker's words.
     */
    public static final class Refused extends RuntimeException {
        private final Kind kind;

        Refused(Kind kind) {
            super(kind.message);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }

        public ApiError apiError() {
            return switch (kind) {
                case NOT_A_URL, USER_INFO, FRAGMENT -> ApiError.URL_INVALID;
                case NOT_HTTPS -> ApiError.URL_NOT_HTTPS;
                case NOT_PUBLIC -> ApiError.URL_NOT_PUBLIC;
                case UNRESOLVABLE -> ApiError.URL_UNRESOLVABLE;
                case REDIRECT -> ApiError.URL_REDIRECTED;
            };
        }

        /**
         * The refusal in a failure's cause chain, or null: a refusal at connect time arrives as the cause
         * of the IOException that HttpClient, and so SimpleHttp, throws.
         */
        public static Refused in(Throwable failure) {
            Throwable t = failure;
            // Bounded: a cause chain can be made to loop.
            for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
                if (t instanceof Refused refused) {
                    return refused;
                }
            }
            return null;
        }
    }
}
