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
import skybatch.readers.net.AddressPolicy;
import skybatch.readers.net.Cidr;

/**
 * Checks, before any request, that every address of a host is permitted, so that a refusal fails with its own
 * reason ({@link Reason#BLOCKED_ADDRESS}). It is not what stops DNS rebinding: the {@link
 * skybatch.readers.net.EgressGuard} the client connects through looks the name up again, checks, and connects to
 * the address it checked. Behind a configured proxy, that proxy makes the connecting lookup.
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
        Optional<InetAddress> blocked = policy.firstRefused(addresses);
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
