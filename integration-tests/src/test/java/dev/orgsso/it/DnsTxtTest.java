package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orgsso.setup.DnsTxt;
import dev.orgsso.setup.DomainChallenge;
import dev.orgsso.testkit.LoopbackDns;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The domain proof's DNS lookups through the JDK's own client against a real DNS server on loopback
 * (real packets, UDP and TCP): a unit test, no Keycloak.
 */
class DnsTxtTest {

    private static final String TOKEN = "c2V0dXAtdG9rZW4tZm9yLWFjbWU";
    private static final String RECORD = DomainChallenge.recordName("acme.test");

    private LoopbackDns server;
    private DnsTxt dns;

    @BeforeEach
    void start() throws Exception {
        server = LoopbackDns.start();
        dns = new DnsTxt(server.address(), 3000);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Nested
    @DisplayName("Given the admin added a record")
    class Records {

        @Test
        @DisplayName("the right record is found and proves the domain")
        void rightRecord() throws Exception {
            server.txt(RECORD, DomainChallenge.expectedValue(TOKEN));
            List<String> txt = dns.lookup(RECORD);
            assertEquals(List.of("orgsso-verification=" + TOKEN), txt);
            assertTrue(DomainChallenge.proves(txt, TOKEN));
            assertEquals(1, server.queries());
        }

        @Test
        @DisplayName("a record with another token, or at another name, does not prove it")
        void wrongRecord() throws Exception {
            server.txt(RECORD, DomainChallenge.expectedValue("another-organisations-token"));
            server.txt("acme.test", DomainChallenge.expectedValue(TOKEN)); // at the apex, not where it was asked for
            server.txt(DomainChallenge.recordName("globex.test"), DomainChallenge.expectedValue(TOKEN));
            List<String> txt = dns.lookup(RECORD);
            assertEquals(List.of("orgsso-verification=another-organisations-token"), txt);
            assertFalse(DomainChallenge.proves(txt, TOKEN));
        }

        @Test
        @DisplayName("a record of several character-strings is one value, joined without separator (RFC 7208)")
        void multiString() throws Exception {
            server.addTxtRecord(RECORD, "orgsso-verification=", TOKEN);
            server.addTxtRecord("multi.acme.test", "v=abc", "def");
            // What JNDI quotes and escapes: spaces, quotes, backslashes, empty strings.
            server.addTxtRecord("quoted.acme.test", "say \"hi\"", " \\o/ ", "", "end");
            assertEquals(List.of("orgsso-verification=" + TOKEN), dns.lookup(RECORD));
            assertTrue(DomainChallenge.proves(dns.lookup(RECORD), TOKEN));
            assertEquals(List.of("v=abcdef"), dns.lookup("multi.acme.test"));
            assertEquals(List.of("say \"hi\" \\o/ end"), dns.lookup("quoted.acme.test"));
        }

        @Test
        @DisplayName("several records are several values, and the one that proves is found among them")
        void severalRecords() throws Exception {
            server.txt(RECORD, "v=spf1 include:_spf.example -all", "google-site-verification=abc", DomainChallenge.expectedValue(TOKEN));
            List<String> txt = dns.lookup(RECORD);
            assertEquals(3, txt.size(), txt.toString());
            assertEquals(Set.of("v=spf1 include:_spf.example -all", "google-site-verification=abc", "orgsso-verification=" + TOKEN),
                    new HashSet<>(txt));
            assertTrue(DomainChallenge.proves(txt, TOKEN));
        }

        @Test
        @DisplayName("an answer too long for UDP comes whole over TCP, a long value split into strings and joined")
        void largeAnswerOverTcp() throws Exception {
            String longValue = "k=" + "x".repeat(400); // two character-strings: 255 + 147 bytes
            server.txt(RECORD, longValue, "filler-1-" + "y".repeat(100), DomainChallenge.expectedValue(TOKEN));
            List<String> txt = dns.lookup(RECORD);
            assertEquals(Set.of(longValue, "filler-1-" + "y".repeat(100), "orgsso-verification=" + TOKEN), new HashSet<>(txt));
            assertEquals(2, server.queries(), "a truncated answer over UDP, then the same query over TCP");
        }

        @Test
        @DisplayName("UTF-8 in a value is read as UTF-8, and a changed record is seen at once (no cache)")
        void utf8AndNoCache() throws Exception {
            server.txt(RECORD, "grüße");
            assertEquals(List.of("grüße"), dns.lookup(RECORD));
            server.txt(RECORD, DomainChallenge.expectedValue(TOKEN));
            assertTrue(DomainChallenge.proves(dns.lookup(RECORD), TOKEN));
            server.remove(RECORD);
            assertEquals(List.of(), dns.lookup(RECORD));
        }

        @Test
        @DisplayName("names are case-insensitive")
        void caseInsensitive() throws Exception {
            server.txt(RECORD, DomainChallenge.expectedValue(TOKEN));
            assertTrue(DomainChallenge.proves(dns.lookup("_ORGSSO-Challenge.Acme.TEST"), TOKEN));
        }
    }

    @Nested
    @DisplayName("Given no record")
    class NoRecord {

        @Test
        @DisplayName("an unknown name (NXDOMAIN) is an empty list, not an error")
        void nxdomain() throws Exception {
            server.txt(DomainChallenge.recordName("globex.test"), DomainChallenge.expectedValue(TOKEN));
            assertEquals(List.of(), dns.lookup(RECORD));
            assertEquals(1, server.queries(), "the server was asked");
        }

        @Test
        @DisplayName("a name without TXT records (NODATA), or with names only below it, is an empty list")
        void nodata() throws Exception {
            server.txt(RECORD);
            server.txt("_orgsso-challenge.deep.globex.test", "x");
            assertEquals(List.of(), dns.lookup(RECORD));
            assertEquals(List.of(), dns.lookup("deep.globex.test"));
            assertEquals(2, server.queries());
        }
    }

    @Nested
    @DisplayName("Given DNS cannot be asked, the lookup says so instead of answering \"no record\"")
    class Unavailable {

        @Test
        @DisplayName("a server that never answers: Unavailable after about the timeout, having retried once")
        void silent() {
            server.txt(RECORD, DomainChallenge.expectedValue(TOKEN)).silent(true);
            DnsTxt quick = new DnsTxt(server.address(), 600);
            long start = System.nanoTime();
            assertThrows(DnsTxt.Unavailable.class, () -> quick.lookup(RECORD));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis >= 500 && tookMillis < 1500, "took " + tookMillis + " ms for a 600 ms timeout");
            assertEquals(2, server.queries(), "one try and one retry, not the JDK's four");
        }

        @Test
        @DisplayName("a server that answers SERVFAIL: Unavailable at once")
        void servfail() {
            server.txt(RECORD, DomainChallenge.expectedValue(TOKEN)).failing(true);
            long start = System.nanoTime();
            assertThrows(DnsTxt.Unavailable.class, () -> dns.lookup(RECORD));
            assertTrue((System.nanoTime() - start) / 1_000_000 < 1000);
            assertEquals(1, server.queries());
        }

        @Test
        @DisplayName("no server on that port: Unavailable")
        void unreachable() throws Exception {
            int closedPort;
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
                closedPort = s.getLocalPort();
            }
            DnsTxt nowhere = new DnsTxt("127.0.0.1:" + closedPort, 600);
            assertThrows(DnsTxt.Unavailable.class, () -> nowhere.lookup(RECORD));
        }

        @Test
        @DisplayName("the same server answering again: the record is found (nothing sticky)")
        void recovers() throws Exception {
            server.txt(RECORD, DomainChallenge.expectedValue(TOKEN)).failing(true);
            assertThrows(DnsTxt.Unavailable.class, () -> dns.lookup(RECORD));
            server.failing(false);
            assertTrue(DomainChallenge.proves(dns.lookup(RECORD), TOKEN));
        }
    }

    @Test
    @DisplayName("Given a name that is not a DNS name, it is refused before anything is sent")
    void invalidNames() {
        server.txt("acme.test", DomainChallenge.expectedValue(TOKEN));
        for (String bad : new String[] {null, "", "acme..test", "-acme.test", "a b.test", "acme.test/x", "acme.test\u0000",
                "\u0161cme.test", "a".repeat(64) + ".test", "_orgsso-challenge.acme.test\"", "acme.test;rm"}) {
            assertThrows(IllegalArgumentException.class, () -> dns.lookup(bad), String.valueOf(bad));
        }
        assertEquals(0, server.queries());
    }
}
