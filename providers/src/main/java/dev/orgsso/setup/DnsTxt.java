package dev.orgsso.setup;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.regex.Pattern;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.keycloak.Config;

/**
 * TXT records through the JDK's own DNS client (JNDI's DNS provider, as Keycloak's LDAP federation uses
 * JNDI's LDAP one), so the pack needs no resolver library. Server options of the pack's realm resource:
 * {@code --spi-realm-restapi-extension--orgsso--dns-server} ({@code host} or {@code host:port}, IPv6 in
 * brackets; unset: the system's resolvers) and {@code ...--dns-timeout-millis} (3000), the time one lookup
 * may take at one server: two tries, a third of it then two thirds, as the JDK doubles its timeout on
 * each retry. With the system's resolvers each of them is tried in turn, so a lookup can take that long
 * per resolver.
 *
 * <p>A truncated UDP answer (over 512 bytes) is asked again over TCP; when that fails the JDK quietly
 * keeps the truncated answer, usually without records, so a lookup can then say "no record" where it
 * could not know (a false "not proven", never a false proof). Hence the proof's own name
 * ({@link DomainChallenge}), whose answer stays small.
 *
 * <p>The answer is whatever the asked server says: the JDK's client does not check DNSSEC, so where
 * that matters the option should name a validating resolver.
 */
public record DnsTxt(String server, int timeoutMillis) {

    static final String DNS_FACTORY = "com.sun.jndi.dns.DnsContextFactory";
    /** The JDK's retries count tries: 2 is one retry. Its own default (4 tries from 1 s) waits 15 s. */
    static final int TRIES = 2;
    static final int DEFAULT_TIMEOUT_MILLIS = 3000;
    /** RFC 1035 2.3.1 names, plus RFC 8552 underscore labels (_orgsso-challenge): ASCII only, see {@link #checked}. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

    public DnsTxt {
        server = server == null || server.isBlank() ? null : server.strip();
        if (server != null) {
            providerUrl(server); // a mistyped option fails at start-up, not at the first customer's proof
        }
        if (timeoutMillis < 3 * 50) {
            // Below 50 ms a try is not retried by the JDK at all.
            throw new IllegalArgumentException("DNS timeout below 150 ms: " + timeoutMillis);
        }
    }

    public static DnsTxt from(Config.Scope config) {
        return new DnsTxt(config.get("dnsServer"), config.getInt("dnsTimeoutMillis", DEFAULT_TIMEOUT_MILLIS));
    }

    /**
     * The TXT strings at name (several character-strings of one record joined without separator, as RFC
     * 7208 does), each read as UTF-8; empty when the name or its TXT records do not exist.
     *
     * @throws IllegalArgumentException when name is not a DNS name (ASCII; IDNs as A-labels, {@code xn--…})
     * @throws Unavailable when the server could not be asked or did not answer (timeout, SERVFAIL,
     *     refused, unreachable): not knowing is not "no record"
     */
    public List<String> lookup(String name) throws Unavailable {
        String fqdn = checked(name);
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, DNS_FACTORY);
        // "dns:" without a host: the resolvers the JDK reads from the system (/etc/resolv.conf).
        env.put(Context.PROVIDER_URL, server == null ? "dns:" : providerUrl(server));
        env.put("com.sun.jndi.dns.timeout.initial", String.valueOf(timeoutMillis / 3));
        env.put("com.sun.jndi.dns.timeout.retries", String.valueOf(TRIES));
        DirContext dns = null;
        try {
            dns = new InitialDirContext(env);
            Attribute txt = dns.getAttributes(fqdn, new String[] {"TXT"}).get("TXT");
            if (txt == null) {
                return List.of(); // NODATA: the name exists, without TXT records
            }
            List<String> strings = new ArrayList<>();
            NamingEnumeration<?> values = txt.getAll();
            while (values.hasMore()) {
                strings.add(joined(String.valueOf(values.next())));
            }
            return List.copyOf(strings);
        } catch (NameNotFoundException e) {
            return List.of(); // NXDOMAIN
        } catch (NamingException e) {
            // CommunicationException (timeout, unreachable), ServiceUnavailableException (SERVFAIL),
            // OperationNotSupportedException (REFUSED, NOTIMP), ConfigurationException (unknown server).
            throw new Unavailable("could not ask DNS for TXT at " + fqdn + ": " + e, e);
        } finally {
            close(dns);
        }
    }

    /** Could not ask DNS: distinct from an answer without the record, so that a caller can say "try again". */
    public static final class Unavailable extends Exception {

        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The name, fully qualified, when it is one DNS can be asked for. Non-ASCII is refused rather than
     * converted: the JDK (17) sends a Latin-1 char of a label as that one raw byte ("bücher.test" goes out
     * with byte 0xFC, a name no registry holds; its A-label is xn--bcher-kva) and refuses other chars,
     * and IDNA2003's java.net.IDN maps "ß" to "ss" where registries and browsers (IDNA2008) do not; the
     * caller gives the A-label the registry shows.
     */
    static String checked(String name) {
        if (name == null) {
            throw new IllegalArgumentException("no DNS name");
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() > 253) {
            throw new IllegalArgumentException("not a DNS name (1 to 253 characters): " + printable(name));
        }
        for (String label : n.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("not a DNS name: " + printable(name));
            }
        }
        return n + ".";
    }

    /**
     * One record's value from JNDI's text form: its character-strings separated by a space, each quoted
     * when it is empty or holds a space, a quote or a backslash (those two then escaped with a backslash),
     * each char one byte of the wire (JDK {@code ResourceRecord.decodeCharString}). Joined, read as UTF-8.
     */
    static String joined(String jndiText) throws Unavailable {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(jndiText.length());
        int i = 0;
        int n = jndiText.length();
        while (i < n) {
            if (jndiText.charAt(i) == '"') {
                i++;
                while (i < n && jndiText.charAt(i) != '"') {
                    if (jndiText.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    bytes.write(jndiText.charAt(i++));
                }
                if (i >= n) {
                    throw new Unavailable("unreadable TXT value (unterminated quote): " + printable(jndiText), null);
                }
                i++; // the closing quote
            } else {
                while (i < n && jndiText.charAt(i) != ' ') {
                    bytes.write(jndiText.charAt(i++));
                }
            }
            if (i < n) {
                if (jndiText.charAt(i) != ' ') {
                    throw new Unavailable("unreadable TXT value (no space between strings): " + printable(jndiText), null);
                }
                i++;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String providerUrl(String server) {
        try {
            URI uri = new URI("dns://" + server);
            if (uri.getHost() == null || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || uri.getPort() == 0 || uri.getPort() > 65535) {
                throw new IllegalArgumentException("DNS server is not host or host:port: " + server);
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("DNS server is not host or host:port: " + server, e);
        }
    }

    private static String printable(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    private static void close(DirContext dns) {
        if (dns == null) {
            return;
        }
        try {
            dns.close();
        } catch (NamingException ignored) {
            // The answer is in; a context that does not close holds only a selector the JDK cleans up.
        }
    }
}
