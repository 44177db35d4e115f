package skybatch.readers.net;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** Resolves a host once and returns its addresses if the policy permits every one of them. */
final class AddressCheck {

    private final AddressPolicy policy;
    private final HostResolver resolver;

    AddressCheck(AddressPolicy policy, HostResolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    /** The host's addresses, all permitted. */
    List<InetAddress> permitted(String host) throws IOException {
        Optional<InetAddress> literal = Cidr.parseLiteral(host);
        List<InetAddress> addresses = literal.isPresent() ? List.of(literal.get()) : resolver.addresses(host);
        if (addresses.isEmpty()) {
            throw new BlockedAddressException("no address for " + host);
        }
        Optional<InetAddress> refused = policy.firstRefused(addresses);
        if (refused.isPresent()) {
            String which = literal.isPresent() ? host + " is"
                    : host + " has address " + refused.get().getHostAddress() + ",";
            throw new BlockedAddressException(which + " outside " + policy + " (SKYBATCH_ALLOW_ADDRESSES admits more)");
        }
        return addresses;
    }
}
