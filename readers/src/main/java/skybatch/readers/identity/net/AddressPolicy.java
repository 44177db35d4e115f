package skybatch.readers.identity.net;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Refuses addresses that are not on the public internet (loopback, private, link-local, multicast, unspecified and
 * a few other reserved ranges), except those in an allow-list.
 */
public final class AddressPolicy {

    /** Reserved ranges that {@link InetAddress}'s own predicates do not cover. */
    private static final List<Cidr> RESERVED = Stream.of(
            "0.0.0.0/8",      // "this network"
            "100.64.0.0/10",  // carrier-grade NAT
            "240.0.0.0/4",    // reserved, and broadcast
            "fc00::/7")       // IPv6 unique local, the private ranges of IPv6
            .map(Cidr::parse)
            .toList();

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

    public boolean permits(InetAddress address) {
        return isPublic(address) || allowed.stream().anyMatch(range -> range.contains(address));
    }

    private static boolean isPublic(InetAddress address) {
        return !(address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isMulticastAddress() || address.isAnyLocalAddress()
                || RESERVED.stream().anyMatch(range -> range.contains(address)));
    }

    @Override
    public String toString() {
        return "public addresses" + (allowed.isEmpty() ? "" : " and " + allowed);
    }
}
