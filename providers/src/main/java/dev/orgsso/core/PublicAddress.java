package dev.orgsso.core;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Whether an address is one of the public internet, which is all a URL from outside may reach: not this
 * host, the cluster's network, the cloud's metadata service (169.254.169.254) or any other range IANA's
 * special-purpose registries (RFC 6890 and successors) mark as not globally reachable. IPv6 is read as an
 * allow-list (global unicast 2000::/3 only) because its reserved space is large and still being assigned;
 * an IPv6 form that carries an IPv4 address (mapped, compatible, NAT64, 6to4) is as public as that address.
 */
final class PublicAddress {

    private static final int V4 = 32;
    private static final int V6 = 128;

    private static final List<Block> IPV4_NOT_PUBLIC = List.of(
            block("0.0.0.0/8"),        // "this network", 0.0.0.0 connects to the local host on Linux
            block("10.0.0.0/8"),       // private
            block("100.64.0.0/10"),    // carrier-grade NAT
            block("127.0.0.0/8"),      // loopback
            block("169.254.0.0/16"),   // link-local, and the cloud metadata service
            block("172.16.0.0/12"),    // private
            block("192.0.0.0/24"),     // IETF protocol assignments
            block("192.0.2.0/24"),     // documentation
            block("192.88.99.0/24"),   // the retired 6to4 relay anycast (RFC 7526)
            block("192.168.0.0/16"),   // private
            block("198.18.0.0/15"),    // benchmarking
            block("198.51.100.0/24"),  // documentation
            block("203.0.113.0/24"),   // documentation
            block("224.0.0.0/4"),      // multicast
            block("240.0.0.0/4"));     // reserved, and the broadcast address 255.255.255.255

    private static final Block IPV6_GLOBAL = block("2000::/3");
    private static final List<Block> IPV6_GLOBAL_NOT_PUBLIC = List.of(
            block("2001::/23"),        // IETF protocol assignments: Teredo, benchmarking, ORCHID
            block("2001:db8::/32"),    // documentation
            block("3fff::/20"));       // documentation (RFC 9637)

    // Written as a number: Java would read the literal ::ffff:0:0 as the IPv4 address 0.0.0.0.
    private static final Block MAPPED = new Block(BigInteger.valueOf(0xffff).shiftLeft(32), 96);
    private static final Block COMPATIBLE = block("::/96");
    private static final Block NAT64 = block("64:ff9b::/96");
    private static final Block SIX_TO_FOUR = block("2002::/16");

    private PublicAddress() {
    }

    static boolean isPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return isPublicIpv4(bytes, 0);
        }
        BigInteger value = new BigInteger(1, bytes);
        // Java reads ::ffff:a.b.c.d as an IPv4 address already; an Inet6Address built from bytes need not be.
        if (MAPPED.contains(value, V6) || COMPATIBLE.contains(value, V6) || NAT64.contains(value, V6)) {
            return isPublicIpv4(bytes, 12);
        }
        if (SIX_TO_FOUR.contains(value, V6)) {
            return isPublicIpv4(bytes, 2);
        }
        return IPV6_GLOBAL.contains(value, V6) && IPV6_GLOBAL_NOT_PUBLIC.stream().noneMatch(b -> b.contains(value, V6));
    }

    private static boolean isPublicIpv4(byte[] bytes, int at) {
        BigInteger value = new BigInteger(1, Arrays.copyOfRange(bytes, at, at + 4));
        return IPV4_NOT_PUBLIC.stream().noneMatch(b -> b.contains(value, V4));
    }

    /** A network written as CIDR; its first address is parsed as a literal (no DNS). */
    private static Block block(String cidr) {
        int slash = cidr.indexOf('/');
        try {
            InetAddress network = InetAddress.getByName(cidr.substring(0, slash));
            return new Block(new BigInteger(1, network.getAddress()), Integer.parseInt(cidr.substring(slash + 1)));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }

    private record Block(BigInteger network, int prefixBits) {
        boolean contains(BigInteger address, int width) {
            int hostBits = width - prefixBits;
            return address.shiftRight(hostBits).equals(network.shiftRight(hostBits));
        }
    }
}
