package dev.orgsso.core;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.apache.http.conn.DnsResolver;

/**
 * The addresses a URL's host stands for. Address literals are read here, IPv4 in every spelling the C
 * library's {@code inet_aton} accepts (2130706433, 0x7f.1, 017700000001, 127.1), so that no spelling
 * reaches a resolver that reads it differently from the check; only names are asked of DNS.
 */
final class HostAddresses {

    /** Any count of parts: a host of numbers only is never a name to ask DNS about, even when it is no address. */
    private static final Pattern NUMERIC = Pattern.compile("(0[xX][0-9a-fA-F]*|[0-9]+)(\\.(0[xX][0-9a-fA-F]*|[0-9]+))*");
    private static final Pattern DOTTED_DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    private final DnsResolver names;

    HostAddresses(DnsResolver names) {
        this.names = names;
    }

    /**
     * Every address of the host (a name, a bracketed or bare IPv6 literal, or an IPv4 literal); throws
     * {@link OutsideUrls.Refused} ({@code NOT_A_URL}) for a malformed literal, UnknownHostException when DNS has no answer.
     */
    InetAddress[] of(String host) throws UnknownHostException {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.indexOf(':') >= 0) {
            // A zone names an interface of this host, not part of the address. Brackets keep Java from asking DNS.
            int zone = h.indexOf('%');
            try {
                return new InetAddress[] {InetAddress.getByName("[" + (zone < 0 ? h : h.substring(0, zone)) + "]")};
            } catch (UnknownHostException e) {
                throw new OutsideUrls.Refused(OutsideUrls.Kind.NOT_A_URL);
            }
        }
        String bare = withoutTrailingDot(h);
        if (NUMERIC.matcher(bare).matches()) {
            return new InetAddress[] {InetAddress.getByAddress(ipv4(bare))};
        }
        InetAddress[] found = names.resolve(h);
        if (found == null || found.length == 0) {
            throw new UnknownHostException("no address");
        }
        return found;
    }

    /** An IPv4 address written other than as four decimal numbers: no IdP is named so, only tricks are. */
    static boolean isOddIpv4(String host) {
        return NUMERIC.matcher(withoutTrailingDot(host)).matches() && !DOTTED_DECIMAL.matcher(host).matches();
    }

    private static String withoutTrailingDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** inet_aton: up to four parts, each decimal, octal (leading 0) or hex (0x); the last fills the remaining bytes. */
    private static byte[] ipv4(String numeric) {
        String[] parts = numeric.split("\\.");
        if (parts.length > 4) {
            throw new OutsideUrls.Refused(OutsideUrls.Kind.NOT_A_URL);
        }
        long value = 0;
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            int bits = last ? 8 * (4 - i) : 8;
            long part = number(parts[i]);
            if (part < 0 || part >= (1L << bits)) {
                throw new OutsideUrls.Refused(OutsideUrls.Kind.NOT_A_URL);
            }
            value = (value << bits) | part;
        }
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** The part's value, or -1 if it is none (an 8 or 9 in an octal part, more than 32 bits). */
    private static long number(String part) {
        String digits = part;
        int radix = 10;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            digits = part.substring(2);
            radix = 16;
        } else if (part.length() > 1 && part.startsWith("0")) {
            digits = part.substring(1);
            radix = 8;
        }
        if (digits.isEmpty()) {
            return 0;
        }
        try {
            BigInteger n = new BigInteger(digits, radix);
            return n.bitLength() > 32 ? -1 : n.longValue();
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
