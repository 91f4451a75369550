package dev.orgsso.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orgsso.testing.Fake;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/** The pure parts of {@link DnsTxt}; lookups against a real DNS server are integration-tests' DnsTxtTest. */
class DnsTxtOptionsTest {

    @Test
    @DisplayName("Given no options, the system's resolvers are asked with a 3 s timeout")
    void defaults() {
        DnsTxt dns = DnsTxt.from(scope(Map.of()));
        assertNull(dns.server());
        assertEquals(3000, dns.timeoutMillis());
        assertNull(new DnsTxt("  ", 3000).server());
    }

    @Test
    @DisplayName("Given dns-server and dns-timeout-millis, those are used")
    void options() {
        DnsTxt dns = DnsTxt.from(scope(Map.of("dnsServer", " 127.0.0.1:5353 ", "dnsTimeoutMillis", 900)));
        assertEquals("127.0.0.1:5353", dns.server());
        assertEquals(900, dns.timeoutMillis());
        assertEquals("[::1]:53", new DnsTxt("[::1]:53", 3000).server());
        assertEquals("ns.example", new DnsTxt("ns.example", 3000).server());
    }

    @Test
    @DisplayName("Given a server that is not host or host:port, or a timeout too short to retry, start-up fails")
    void badOptions() {
        for (String bad : new String[] {"127.0.0.1:0", "127.0.0.1:70000", "dns://127.0.0.1", "127.0.0.1/x", "a b", "u@h:53", "h:53?x"}) {
            assertThrows(IllegalArgumentException.class, () -> new DnsTxt(bad, 3000), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new DnsTxt(null, 100));
    }

    @Test
    @DisplayName("Given JNDI's text of a TXT record, its character-strings are joined without separator")
    void jndiTextIsJoined() throws DnsTxt.Unavailable {
        assertEquals("v=abc", DnsTxt.joined("v=abc"));
        assertEquals("v=abcdef", DnsTxt.joined("v=abc def"), "unquoted strings are separate strings");
        assertEquals("v=a bcdef", DnsTxt.joined("\"v=a bc\" def"));
        assertEquals("say \"hi\" \\o/", DnsTxt.joined("\"say \\\"hi\\\" \\\\o/\""));
        assertEquals("ab", DnsTxt.joined("a \"\" b"), "an empty string is quoted");
        assertEquals("", DnsTxt.joined(""));
        // Each char is one byte off the wire; the bytes are UTF-8.
        assertEquals("grüße", DnsTxt.joined("gr\u00c3\u00bc\u00c3\u009fe"));
    }

    @Test
    @DisplayName("Given text JNDI would not write, the answer is unreadable, not a value")
    void unreadableText() {
        assertThrows(DnsTxt.Unavailable.class, () -> DnsTxt.joined("\"unterminated"));
        assertThrows(DnsTxt.Unavailable.class, () -> DnsTxt.joined("\"a\"b"));
    }

    @Test
    @DisplayName("Given a DNS name, it is asked fully qualified; anything else is refused before asking")
    void names() {
        assertEquals("_orgsso-challenge.acme.test.", DnsTxt.checked("_orgsso-challenge.acme.test"));
        assertEquals("xn--bcher-kva.example.", DnsTxt.checked("xn--bcher-kva.example."));
        String label63 = "a".repeat(63);
        assertEquals(label63 + ".test.", DnsTxt.checked(label63 + ".test"));
        for (String bad : new String[] {null, "", ".", "acme..test", ".acme.test", "-acme.test", "acme-.test", "a b.test",
                "acme.test/x", "acme.test\u0000", "bücher.example", "\u0161cme.test", "a".repeat(64) + ".test",
                ("a".repeat(60) + ".").repeat(5) + "test", "acme.test..", "*.acme.test"}) {
            assertThrows(IllegalArgumentException.class, () -> DnsTxt.checked(bad), String.valueOf(bad));
        }
    }

    private static Config.Scope scope(Map<String, Object> options) {
        Map<String, Function<Object[], Object>> answers = Map.of(
                "get", a -> options.containsKey((String) a[0]) ? String.valueOf(options.get((String) a[0])) : a.length > 1 ? a[1] : null,
                "getInt", a -> options.containsKey((String) a[0]) ? (Integer) options.get((String) a[0]) : (Integer) a[1]);
        return Fake.of(Config.Scope.class, answers);
    }
}
