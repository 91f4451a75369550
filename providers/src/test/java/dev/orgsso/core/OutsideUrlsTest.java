package dev.orgsso.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.orgsso.core.OutsideUrls.Kind;
import dev.orgsso.core.OutsideUrls.Refused;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.conn.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.Config;
import org.keycloak.http.simple.SimpleHttpResponse;

class OutsideUrlsTest {

    /** DNS as a test says it is: each name answers its next list of addresses (the last one again and again). */
    static final class Names implements DnsResolver {
        private final Map<String, Deque<InetAddress[]>> answers = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        Names answer(String name, String... addresses) {
            InetAddress[] all = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                all[i] = literal(addresses[i]);
            }
            return answer(name, all);
        }

        Names answer(String name, InetAddress... addresses) {
            answers.computeIfAbsent(name, n -> new ConcurrentLinkedDeque<>()).add(addresses);
            return this;
        }

        @Override
        public synchronized InetAddress[] resolve(String host) throws UnknownHostException {
            asked.add(host);
            Deque<InetAddress[]> queue = answers.get(host);
            if (queue == null) {
                throw new UnknownHostException(host);
            }
            return queue.size() > 1 ? queue.poll() : queue.peek();
        }
    }

    static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address.contains(":") ? "[" + address + "]" : address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    static Kind refusal(OutsideUrls urls, String url) {
        return assertThrows(Refused.class, () -> urls.check(url), url).kind();
    }

    final Names names = new Names()
            .answer("idp.acme.test", "93.184.216.34")
            .answer("idp6.acme.test", "2606:2800:220:1:248:1893:25c8:1946");
    final OutsideUrls strict = new OutsideUrls(false, names);
    final OutsideUrls loopbackAllowed = new OutsideUrls(true, names);

    @Nested
    @DisplayName("A well-formed https URL to a public host")
    class Accepted {

        @ParameterizedTest
        @ValueSource(strings = {
                "https://idp.acme.test/",
                "https://idp.acme.test",
                "HTTPS://idp.acme.test:8443/oauth2/default/.well-known/openid-configuration?x=1",
                "https://idp6.acme.test/",
                "https://8.8.8.8/",
                "https://[2606:4700:4700::1111]/",
        })
        void isReturnedAsItsUri(String url) {
            assertEquals(URI.create(url), strict.check(url));
        }

        @Test
        @DisplayName("Given an address literal, DNS is never asked")
        void literalsAreNotResolved() {
            strict.check("https://8.8.8.8/");
            strict.check("https://[2606:4700:4700::1111]/");
            assertThrows(Refused.class, () -> strict.check("https://2130706433/"));
            assertEquals(List.of(), names.asked);
        }
    }

    @Nested
    @DisplayName("Refused for its form, one kind each")
    class Form {

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "idp.acme.test/path", "//idp.acme.test/", "https:idp.acme.test", "https:///path",
                "https://idp acme.test/", "https://idp.acme.test\\@evil.test/", "https://my_idp.acme.test/",
                "https://%69dp.acme.test/", "https://[::1/", "https://[not:an:address]/"})
        void notAUrl(String url) {
            assertEquals(Kind.NOT_A_URL, refusal(strict, url));
        }

        @Test
        void nullIsNotAUrl() {
            assertEquals(Kind.NOT_A_URL, refusal(strict, null));
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://idp.acme.test/", "ftp://idp.acme.test/", "ws://idp.acme.test/", "file://idp.acme.test/etc/passwd",
                "gopher://idp.acme.test:25/"})
        void notHttps(String url) {
            assertEquals(Kind.NOT_HTTPS, refusal(strict, url));
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://admin:secret@idp.acme.test/", "https://admin@idp.acme.test/",
                "https://idp.acme.test@127.0.0.1/", "https://@idp.acme.test/"})
        void userInfo(String url) {
            assertEquals(Kind.USER_INFO, refusal(strict, url));
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://idp.acme.test/#x", "https://idp.acme.test/#", "https://idp.acme.test/path?q=1#@127.0.0.1"})
        void fragment(String url) {
            assertEquals(Kind.FRAGMENT, refusal(strict, url));
        }

        @Test
        @DisplayName("Given a name DNS does not know, it is unresolvable")
        void unresolvable() {
            assertEquals(Kind.UNRESOLVABLE, refusal(strict, "https://nowhere.acme.test/"));
            assertEquals(List.of("nowhere.acme.test"), names.asked);
        }

        @Test
        @DisplayName("Given an empty DNS answer, it is unresolvable")
        void emptyAnswer() {
            names.answer("empty.acme.test", new InetAddress[0]);
            assertEquals(Kind.UNRESOLVABLE, refusal(strict, "https://empty.acme.test/"));
        }
    }

    @Nested
    @DisplayName("IPv4: refused unless public")
    class Ipv4 {

        @ParameterizedTest
        @ValueSource(strings = {
                "127.0.0.1", "127.255.255.254",          // loopback
                "10.0.0.1", "10.255.255.255",            // private
                "172.16.0.1", "172.31.255.255",
                "192.168.0.1", "192.168.255.255",
                "169.254.169.254", "169.254.0.1",        // metadata service, link-local
                "0.0.0.0", "0.1.2.3",                    // unspecified, "this network"
                "100.64.0.1", "100.127.255.255",         // CGNAT
                "224.0.0.1", "239.255.255.250",          // multicast
                "255.255.255.255", "240.0.0.1",          // broadcast, reserved
                "198.18.0.1", "198.19.255.255",          // benchmarking
                "192.0.2.1", "198.51.100.1", "203.0.113.1", // documentation
                "192.0.0.1", "192.88.99.1",              // IETF assignments, 6to4 relay
        })
        void notPublic(String address) {
            assertEquals(Kind.NOT_PUBLIC, refusal(strict, "https://" + address + "/"));
        }

        /** The neighbours of each range: the ranges are no wider than they should be. */
        @ParameterizedTest
        @ValueSource(strings = {"1.1.1.1", "9.255.255.255", "11.0.0.0", "126.255.255.255", "128.0.0.0", "172.15.255.255",
                "172.32.0.0", "192.167.255.255", "192.169.0.0", "169.253.255.255", "169.255.0.0", "100.63.255.255",
                "100.128.0.0", "198.17.255.255", "198.20.0.0", "192.0.3.0", "223.255.255.255", "1.0.0.0"})
        void publicNeighbours(String address) {
            assertEquals(URI.create("https://" + address + "/"), strict.check("https://" + address + "/"));
        }
    }

    @Nested
    @DisplayName("IPv6: global unicast only, and IPv4 inside IPv6 is as public as the IPv4 address")
    class Ipv6 {

        @ParameterizedTest
        @ValueSource(strings = {
                "::1", "::",                              // loopback, unspecified
                "fc00::1", "fd12:3456:789a::1",           // unique local
                "fe80::1", "febf:ffff::1", "fe80::1%25eth0", // link-local, also with a zone
                "fec0::1",                                // old site-local
                "ff02::1", "ff0e::1",                     // multicast
                "::ffff:127.0.0.1", "::ffff:7f00:1",      // IPv4-mapped loopback
                "::ffff:169.254.169.254", "::ffff:10.0.0.5", "::ffff:0.0.0.0",
                "::127.0.0.1", "::10.0.0.5", "::0.0.0.2", // IPv4-compatible
                "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::10.0.0.5", // NAT64 of loopback, metadata, private
                "64:ff9b:1::1",                           // local-use NAT64
                "2002:7f00:1::1", "2002:a9fe:a9fe::", "2002:c0a8:101::1", // 6to4 of loopback, metadata, private
                "2001:db8::1", "3fff::1",                 // documentation
                "2001::1", "2001:2::1",                   // Teredo, benchmarking
                "100::1",                                 // discard-only
        })
        void notPublic(String address) {
            assertEquals(Kind.NOT_PUBLIC, refusal(strict, "https://[" + address + "]/"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"2606:4700:4700::1111", "2a00:1450:4001:82b::200e", "3ffe::1", "2001:200::1",
                "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
        void publicOnes(String address) {
            strict.check("https://[" + address + "]/");
        }

        @Test
        @DisplayName("Given an IPv4-mapped address a resolver hands over as IPv6, it is read as its IPv4 address")
        void mappedAsInet6() throws UnknownHostException {
            byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
            InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
            assertInstanceOf(Inet6Address.class, address);
            assertFalse(PublicAddress.isPublic(address));
            byte[] mappedPublic = mapped.clone();
            mappedPublic[12] = 8;
            mappedPublic[15] = 8;
            assertTrue(PublicAddress.isPublic(Inet6Address.getByAddress(null, mappedPublic, -1)));
        }
    }

    @Nested
    @DisplayName("Odd spellings of an IPv4 address do not get past")
    class OddSpellings {

        @ParameterizedTest
        @CsvSource({
                "https://2130706433/, NOT_PUBLIC",        // 127.0.0.1 as one decimal number
                "https://017700000001/, NOT_PUBLIC",      // ... as one octal number
                "https://0x7f000001/, NOT_PUBLIC",        // ... as one hex number
                "https://0177.0.0.1/, NOT_PUBLIC",        // octal part
                "https://0x7f.0.0.1/, NOT_A_URL",         // hex part: java.net.URI finds no host
                "https://2852039166/, NOT_PUBLIC",        // 169.254.169.254
                "https://0xa9fea9fe/, NOT_PUBLIC",
                "https://167772165/, NOT_PUBLIC",         // 10.0.0.5
                "https://0/, NOT_PUBLIC",                 // 0.0.0.0
                "https://0x7f.1/, NOT_A_URL",
                "https://127.1/, NOT_A_URL",
                "https://127.0.0.1./, NOT_A_URL",
                "https://134744072/, NOT_A_URL",          // 8.8.8.8: public, but no IdP is named so
                "https://010.010.010.010/, NOT_A_URL",    // 8.8.8.8 in octal
                "https://4294967296/, NOT_A_URL",         // more than 32 bits
                "https://09.0.0.1/, NOT_A_URL",           // 9 is no octal digit
        })
        void refused(String url, Kind kind) {
            assertEquals(kind, refusal(strict, url));
            assertEquals(List.of(), names.asked, "a numeric host never reaches DNS");
        }

        /** What the client's connect-time resolver is handed, HttpClient reading hosts java.net.URI finds none in. */
        @ParameterizedTest
        @ValueSource(strings = {"0x7f.1", "127.1", "127.0.0.1.", "0x7f.0x0.0x0.0x1", "2130706433", "017700000001", "0177.0.0.01", "[::1]",
                "::1"})
        void decodedAsLoopbackAtConnectTime(String host) throws UnknownHostException {
            InetAddress[] all = new HostAddresses(names).of(host);
            assertEquals(1, all.length);
            assertTrue(all[0].isLoopbackAddress(), host + " -> " + all[0]);
            assertEquals(List.of(), names.asked);
        }

        @ParameterizedTest
        @ValueSource(strings = {"256.0.0.1", "08.0.0.1", "0x100000000", "1.16777216", "1.2.3.4.5", "[1:2]"})
        void malformedNumbersAreNotAddresses(String host) {
            assertEquals(Kind.NOT_A_URL, assertThrows(Refused.class, () -> new HostAddresses(names).of(host)).kind());
            assertEquals(List.of(), names.asked);
        }
    }

    @Nested
    @DisplayName("Given a name, every address it resolves to must be public")
    class ResolvedNames {

        @Test
        void nameOfAPrivateAddress() {
            names.answer("intranet.acme.test", "10.0.0.5");
            assertEquals(Kind.NOT_PUBLIC, refusal(strict, "https://intranet.acme.test/"));
        }

        @Test
        void nameOfTheMetadataService() {
            names.answer("metadata.acme.test", "169.254.169.254");
            assertEquals(Kind.NOT_PUBLIC, refusal(strict, "https://metadata.acme.test/latest/meta-data/"));
        }

        @Test
        @DisplayName("Given a public and a private address, the private one refuses the name")
        void anyPrivateAddressRefuses() {
            names.answer("mixed.acme.test", "93.184.216.34", "10.0.0.5");
            assertEquals(Kind.NOT_PUBLIC, refusal(strict, "https://mixed.acme.test/"));
            names.answer("mixed6.acme.test", "2606:4700:4700::1111", "fd00::5");
            assertEquals(Kind.NOT_PUBLIC, refusal(strict, "https://mixed6.acme.test/"));
        }

        @Test
        @DisplayName("Given the real resolver, localhost is loopback and refused")
        void realLocalhost() {
            assertEquals(Kind.NOT_PUBLIC, refusal(new OutsideUrls(false), "https://localhost/"));
            assertEquals(URI.create("https://localhost/"), new OutsideUrls(true).check("https://localhost/"));
        }
    }

    @Nested
    @DisplayName("allowLoopback lets loopback through, and http to it, nothing else")
    class AllowLoopback {

        @ParameterizedTest
        @ValueSource(strings = {"https://127.0.0.1/", "https://127.0.0.2:8443/x", "http://127.0.0.1:8080/realms/idp",
                "https://[::1]/", "http://[::1]:8080/"})
        void loopbackIsAllowed(String url) {
            loopbackAllowed.check(url);
            Kind off = refusal(strict, url);
            assertTrue(off == Kind.NOT_PUBLIC || off == Kind.NOT_HTTPS, off.name());
        }

        @Test
        @DisplayName("Given an odd spelling of loopback, it stays refused: no demo is configured so")
        void oddSpellingOfLoopback() {
            assertEquals(Kind.NOT_A_URL, refusal(loopbackAllowed, "http://2130706433/"));
            assertEquals(Kind.NOT_A_URL, refusal(loopbackAllowed, "https://0177.0.0.1/"));
        }

        @Test
        void httpToALoopbackName() {
            names.answer("idp.localtest", "127.0.0.1", "::1");
            loopbackAllowed.check("http://idp.localtest:8080/");
            assertEquals(Kind.NOT_HTTPS, refusal(strict, "http://idp.localtest:8080/"));
            assertEquals(Kind.NOT_PUBLIC, refusal(strict, "https://idp.localtest:8443/"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://10.0.0.1/", "https://169.254.169.254/", "https://0.0.0.0/", "https://[fe80::1]/",
                "https://[::ffff:10.0.0.1]/", "https://[64:ff9b::7f00:1]/", "https://[::]/", "http://10.0.0.1/"})
        void otherPrivateAddressesStayRefused(String url) {
            assertEquals(Kind.NOT_PUBLIC, refusal(loopbackAllowed, url));
        }

        @Test
        @DisplayName("Given http to a public host, it stays refused: http is for loopback only")
        void httpToAPublicHost() {
            assertEquals(Kind.NOT_HTTPS, refusal(loopbackAllowed, "http://idp.acme.test/"));
            names.answer("half.localtest", "127.0.0.1", "93.184.216.34");
            assertEquals(Kind.NOT_HTTPS, refusal(loopbackAllowed, "http://half.localtest/"));
        }

        @Test
        @DisplayName("Given a name of loopback and a private address, it stays refused")
        void loopbackAndPrivate() {
            names.answer("both.localtest", "127.0.0.1", "192.168.1.10");
            assertEquals(Kind.NOT_PUBLIC, refusal(loopbackAllowed, "https://both.localtest/"));
        }

        @Test
        @DisplayName("The server option allow-loopback-urls, default off")
        void fromServerOption() {
            assertFalse(OutsideUrls.from(scope(Map.of())).allowLoopback());
            assertTrue(OutsideUrls.from(scope(Map.of("allowLoopbackUrls", true))).allowLoopback());
            assertFalse(OutsideUrls.from(scope(Map.of("allowLoopbackUrls", false))).allowLoopback());
        }

        private Config.Scope scope(Map<String, Boolean> options) {
            return (Config.Scope) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Config.Scope.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("getBoolean") && args.length == 2) {
                            return options.getOrDefault((String) args[0], (Boolean) args[1]);
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Nested
    @DisplayName("A refusal says why in plain words and answers an API error")
    class Answers {

        @ParameterizedTest
        @EnumSource(Kind.class)
        void everyKindHasAnApiErrorAndAMessage(Kind kind) {
            Refused refused = new Refused(kind);
            assertSame(kind, refused.kind());
            assertTrue(refused.apiError().code().startsWith("url_"), refused.apiError().code());
            assertFalse(refused.getMessage().isBlank());
        }

        @Test
        void kindsToCodes() {
            assertEquals(ApiError.URL_INVALID, new Refused(Kind.NOT_A_URL).apiError());
            assertEquals(ApiError.URL_INVALID, new Refused(Kind.USER_INFO).apiError());
            assertEquals(ApiError.URL_INVALID, new Refused(Kind.FRAGMENT).apiError());
            assertEquals(ApiError.URL_NOT_HTTPS, new Refused(Kind.NOT_HTTPS).apiError());
            assertEquals(ApiError.URL_NOT_PUBLIC, new Refused(Kind.NOT_PUBLIC).apiError());
            assertEquals(ApiError.URL_UNRESOLVABLE, new Refused(Kind.UNRESOLVABLE).apiError());
            assertEquals(ApiError.URL_REDIRECTED, new Refused(Kind.REDIRECT).apiError());
            assertEquals("url_not_public", ApiError.URL_NOT_PUBLIC.code());
        }

        @Test
        @DisplayName("The message never repeats the URL, which may come from a fetched document")
        void messageDoesNotEchoTheUrl() {
            names.answer("x-attacker-words.acme.test", "10.0.0.5");
            for (String url : List.of("https://x-attacker-words.acme.test/", "https://x-attacker-words.acme.test/#x",
                    "https://x-attacker-words@acme.test/", "http://x-attacker-words.acme.test/", "https://x-attacker-words. test/")) {
                Refused refused = assertThrows(Refused.class, () -> strict.check(url));
                assertFalse(refused.getMessage().contains("attacker"), refused.getMessage());
            }
        }

        @Test
        void foundInACauseChain() {
            Refused refused = new Refused(Kind.NOT_PUBLIC);
            IOException wrapped = new IOException("outer", new UnknownHostException("inner"));
            wrapped.getCause().initCause(refused);
            assertSame(refused, Refused.in(wrapped));
            assertSame(refused, Refused.in(refused));
            assertNull(Refused.in(new IOException("no", new RuntimeException())));
            assertNull(Refused.in(null));
        }
    }

    @Nested
    @DisplayName("Fetching through http(): addresses checked again at connect time, no redirect followed")
    class Fetch {

        final IdpConnection timeouts = new IdpConnection(2000, 2000, 4);
        final List<HttpServer> servers = new ArrayList<>();

        /** A server on 127.0.0.1 that counts the requests it sees and answers each with the given status. */
        record Server(HttpServer http, AtomicInteger requests) {
            int port() {
                return http.getAddress().getPort();
            }
        }

        Server server(int status, Map<String, String> headers, String body, long delayMillis) throws IOException {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            AtomicInteger requests = new AtomicInteger();
            http.createContext("/", exchange -> {
                requests.incrementAndGet();
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                headers.forEach(exchange.getResponseHeaders()::add);
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            http.start();
            servers.add(http);
            return new Server(http, requests);
        }

        Server jsonServer() throws IOException {
            return server(200, Map.of("Content-Type", "application/json"), "{\"issuer\":\"https://idp.acme.test\"}", 0);
        }

        @AfterEach
        void stop() throws IOException {
            servers.forEach(s -> s.stop(0));
            strict.close();
            loopbackAllowed.close();
        }

        Refused refusedFetch(OutsideUrls urls, String url) {
            IOException failure = assertThrows(IOException.class, () -> urls.http(timeouts).doGet(url).asJson());
            Refused refused = Refused.in(failure);
            assertNotNull(refused, "a refusal in " + failure);
            return refused;
        }

        @Test
        @DisplayName("(a) Given allowLoopback off, a fetch of 127.0.0.1 is refused at connect time and reaches no server")
        void loopbackRefusedAtConnect() throws IOException {
            Server server = jsonServer();
            assertEquals(Kind.NOT_PUBLIC, refusedFetch(strict, "https://127.0.0.1:" + server.port() + "/").kind());
            assertEquals(Kind.NOT_PUBLIC, refusedFetch(strict, "https://[::ffff:127.0.0.1]:" + server.port() + "/").kind());
            assertEquals(Kind.NOT_PUBLIC, refusedFetch(strict, "https://2130706433:" + server.port() + "/").kind());
            // Schemes other than https have no connection factory at all when loopback is not allowed.
            assertThrows(IOException.class, () -> strict.http(timeouts).doGet("http://127.0.0.1:" + server.port() + "/").asJson());
            assertThrows(IOException.class, () -> strict.http(timeouts).doGet("https://0x7f.1:" + server.port() + "/").asJson());
            assertEquals(0, server.requests().get());
        }

        @Test
        @DisplayName("(a) Given a name that passes the check and then resolves to 127.0.0.1 (DNS rebinding), the fetch is refused")
        void rebindingRefusedAtConnect() throws IOException {
            Server server = jsonServer();
            names.answer("rebind.acme.test", "93.184.216.34").answer("rebind.acme.test", "127.0.0.1");
            String url = "https://rebind.acme.test:" + server.port() + "/";
            strict.check(url);
            assertEquals(Kind.NOT_PUBLIC, refusedFetch(strict, url).kind());
            assertEquals(List.of("rebind.acme.test", "rebind.acme.test"), names.asked);
            assertEquals(0, server.requests().get());
        }

        @Test
        @DisplayName("(b) Given allowLoopback on, a fetch of 127.0.0.1 over http works")
        void loopbackAllowedFetches() throws IOException {
            Server server = jsonServer();
            String url = "http://127.0.0.1:" + server.port() + "/.well-known/openid-configuration";
            loopbackAllowed.check(url);
            assertEquals("https://idp.acme.test", loopbackAllowed.http(timeouts).doGet(url).asJson().get("issuer").asText());
            try (SimpleHttpResponse response = OutsideUrls.notRedirected(loopbackAllowed.http(timeouts).doGet(url).asResponse())) {
                assertEquals(200, response.getStatus());
            }
            assertEquals(2, server.requests().get());
        }

        @Test
        @DisplayName("(b) Given allowLoopback on, http to a public address is refused before connecting")
        void httpOnlyToLoopback() throws IOException {
            names.answer("public.acme.test", "93.184.216.34");
            assertEquals(Kind.NOT_HTTPS, refusedFetch(loopbackAllowed, "http://public.acme.test:9/").kind());
            names.answer("private.acme.test", "10.0.0.5");
            assertEquals(Kind.NOT_PUBLIC, refusedFetch(loopbackAllowed, "https://private.acme.test:9/").kind());
        }

        @Test
        @DisplayName("(c) Given a 302, it is the answer: the redirect target sees nothing")
        void redirectNotFollowed() throws IOException {
            Server target = jsonServer();
            Server redirecting = server(302, Map.of("Location", "http://127.0.0.1:" + target.port() + "/"), "", 0);
            String url = "http://127.0.0.1:" + redirecting.port() + "/";
            try (SimpleHttpResponse response = loopbackAllowed.http(timeouts).doGet(url).asResponse()) {
                assertEquals(302, response.getStatus());
            }
            SimpleHttpResponse again = loopbackAllowed.http(timeouts).doGet(url).asResponse();
            assertEquals(Kind.REDIRECT, assertThrows(Refused.class, () -> OutsideUrls.notRedirected(again)).kind());
            assertEquals("", loopbackAllowed.http(timeouts).doGet(url).asString());
            // Nor when a caller sets a request config of its own (whose default is to follow redirects).
            try (SimpleHttpResponse response = loopbackAllowed.http(timeouts).withRequestConfig(RequestConfig.DEFAULT)
                    .doGet(url).asResponse()) {
                assertEquals(302, response.getStatus());
            }
            assertEquals(4, redirecting.requests().get());
            assertEquals(0, target.requests().get());
        }

        @Test
        @DisplayName("Given a server slower than the read timeout, the fetch gives up at the timeout")
        void readTimeout() throws IOException {
            Server slow = server(200, Map.of(), "{}", 1000);
            loopbackAllowed.http(timeouts); // the client (TLS context, public suffixes) is made before the clock starts
            long start = System.nanoTime();
            IOException failure = assertThrows(IOException.class, () -> loopbackAllowed.http(new IdpConnection(500, 300, 4))
                    .doGet("http://127.0.0.1:" + slow.port() + "/").asJson());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertInstanceOf(SocketTimeoutException.class, failure);
            assertTrue(millis < 900, millis + " ms");
        }

        @Test
        void closedMeansClosed() throws IOException {
            loopbackAllowed.http(timeouts);
            loopbackAllowed.close();
            assertThrows(IllegalStateException.class, () -> loopbackAllowed.http(timeouts));
        }
    }

    @Test
    void everyKindIsTested() {
        // One refusal of each kind from check(); REDIRECT comes from notRedirected (Fetch.redirectNotFollowed).
        Set<Kind> seen = EnumSet.noneOf(Kind.class);
        for (String url : List.of("nope", "http://idp.acme.test/", "https://u@idp.acme.test/", "https://idp.acme.test/#f",
                "https://10.0.0.1/", "https://nowhere.acme.test/")) {
            seen.add(refusal(strict, url));
        }
        seen.add(Kind.REDIRECT);
        assertEquals(EnumSet.allOf(Kind.class), seen);
    }
}
