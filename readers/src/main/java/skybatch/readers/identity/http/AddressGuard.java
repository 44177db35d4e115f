package skybatch.readers.identity.http;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolutionException;
import skybatch.readers.identity.Source;
import skybatch.readers.identity.dns.DnsClient;
import skybatch.readers.identity.net.AddressPolicy;
import skybatch.readers.identity.net.Cidr;

/**
 * Checks, before any connection, that every address of a host is permitted. The JDK's HTTP client then looks the
 * name up again itself, as it cannot be handed an address: a name that answers the two lookups differently (DNS
 * rebinding) escapes the check. Behind a proxy, the proxy makes the second lookup.
 */
final class AddressGuard {

    private final AddressPolicy policy;
    private final DnsClient dns;

    AddressGuard(AddressPolicy policy, DnsClient dns) {
        this.policy = policy;
        this.dns = dns;
    }

    CompletableFuture<Void> check(String host, Source source) {
        Optional<InetAddress> literal = Cidr.parseLiteral(host);
        if (literal.isPresent()) {
            return permit(host, List.of(literal.get()), source);
        }
        return dns.addresses(host, source).thenCompose(addresses -> permit(host, addresses, source));
    }

    private CompletableFuture<Void> permit(String host, List<InetAddress> addresses, Source source) {
        if (addresses.isEmpty()) {
            return fail(Reason.NOT_FOUND, source, "no address for " + host);
        }
        Optional<InetAddress> blocked = addresses.stream().filter(address -> !policy.permits(address)).findFirst();
        if (blocked.isPresent()) {
            return fail(Reason.BLOCKED_ADDRESS, source, host + " has address " + blocked.get().getHostAddress()
                    + ", outside " + policy);
        }
        return CompletableFuture.completedFuture(null);
    }

    private static CompletableFuture<Void> fail(Reason reason, Source source, String detail) {
        return CompletableFuture.failedFuture(new ResolutionException(new Failure(reason, source, detail)));
    }
}
