package skybatch.readers.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.xbill.DNS.Address;

/** An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}; a bare address is a range of one. */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0.." + bits);
        }
    }

    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress network = parseLiteral(address)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address range: " + text));
        int bits = network.getAddress().length * 8;
        return new Cidr(network, slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1)));
    }

    /**
     * Parses an IPv4 or IPv6 literal (IPv6 possibly in brackets, as in URIs). Unlike {@link InetAddress#getByName},
     * never looks a name up.
     */
    public static Optional<InetAddress> parseLiteral(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        byte[] bytes = Address.toByteArray(bare, Address.IPv4);
        if (bytes == null) {
            bytes = Address.toByteArray(bare, Address.IPv6);
        }
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }

    public boolean contains(InetAddress address) {
        byte[] range = network.getAddress();
        byte[] candidate = address.getAddress();
        if (range.length != candidate.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (range[i] != candidate[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = 0xff << (8 - remainingBits);
        return (range[fullBytes] & mask) == (candidate[fullBytes] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
