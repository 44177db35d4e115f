package skybatch.readers.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Refuses addresses that are not on the public internet (loopback, private, link-local, multicast, unspecified and
 * the other reserved ranges, IPv4-compatible IPv6 among them), except those in an allow-list. An IPv6 address that
 * leads to an IPv4 address (IPv4-mapped, NAT64, 6to4) is judged by that IPv4 address, so that
 * {@code 64:ff9b::a9fe:a9fe} is refused as {@code 169.254.169.254} is.
 */
public final class AddressPolicy {

    /** Reserved ranges that {@link InetAddress}'s own predicates do not cover. */
    private static final List<Cidr> RESERVED = Stream.of(
            "0.0.0.0/8",        // "this network"
            "100.64.0.0/10",    // carrier-grade NAT
            "192.0.0.0/24",     // IETF protocol assignments
            "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", // documentation
            "198.18.0.0/15",    // benchmarking
            "240.0.0.0/4",      // reserved, and broadcast
            "fc00::/7",         // IPv6 unique local, the private ranges of IPv6
            "2001:db8::/32",    // IPv6 documentation
            "2001::/32",        // Teredo: its IPv4 address is obfuscated, so it cannot be judged
            "100::/64",         // IPv6 discard
            "::/96")            // IPv4-compatible, deprecated since 2006: no host has one
            .map(Cidr::parse)
            .toList();
    /** IPv6 ranges whose last 32 bits are an IPv4 address. */
    private static final List<Cidr> IPV4_IN_LOW_BITS = Stream.of(
            "64:ff9b::/96",     // NAT64, well-known prefix
            "64:ff9b:1::/48")   // NAT64, local use
            .map(Cidr::parse)
            .toList();
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private final List<Cidr> allowed;

    private AddressPolicy(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** Only public addresses. */
    public static AddressPolicy publicOnly() {
        return new AddressPolicy(List.of());
    }

    /** This policy, also permitting the given addresses or ranges (for tests, {@code 127.0.0.1}). */
    public AddressPolicy allowing(String... ranges) {
        return new AddressPolicy(Stream.concat(allowed.stream(), Arrays.stream(ranges).map(Cidr::parse)).toList());
    }

    /** The first address the policy refuses: one refused address refuses a host, whose clients may use any. */
    public Optional<InetAddress> firstRefused(List<InetAddress> addresses) {
        return addresses.stream().filter(address -> !permits(address)).findFirst();
    }

    public boolean permits(InetAddress address) {
        return allowed.stream().anyMatch(range -> range.contains(address)) || isPublic(address);
    }

    private static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isMulticastAddress() || address.isAnyLocalAddress()
                || RESERVED.stream().anyMatch(range -> range.contains(address))) {
            return false;
        }
        return embeddedIpv4(address).map(AddressPolicy::isPublic).orElse(true);
    }

    /** The IPv4 address an IPv6 address leads to, if it is of a kind that embeds one. */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        if (IPV4_IN_LOW_BITS.stream().anyMatch(range -> range.contains(address))) {
            return Optional.of(ipv4(Arrays.copyOfRange(bytes, 12, 16)));
        }
        if (SIX_TO_FOUR.contains(address)) {
            return Optional.of(ipv4(Arrays.copyOfRange(bytes, 2, 6)));
        }
        return Optional.empty();
    }

    private static InetAddress ipv4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4-byte address is always valid", e);
        }
    }

    @Override
    public String toString() {
        return "public addresses" + (allowed.isEmpty() ? "" : " and " + allowed);
    }
}
