package skybatch.readers.firehose.ingest;

import java.net.URI;
import java.util.OptionalLong;

/**
 * An event stream to follow: an XRPC subscription of a service, such as a relay's
 * {@code com.atproto.sync.subscribeRepos} or a labeler's {@code com.atproto.label.subscribeLabels}.
 *
 * @param name    what logs, metrics and the status call it ({@code firehose}, a labeler's host)
 * @param service the service's base URL: {@code wss://bsky.network} ({@code https} and {@code http} stand for
 *                {@code wss} and {@code ws})
 * @param method  the subscription's NSID
 */
public record Subscription(String name, URI service, String method) {

    public static final String REPOS = "com.atproto.sync.subscribeRepos";
    public static final String LABELS = "com.atproto.label.subscribeLabels";

    public Subscription {
        String scheme = service.getScheme();
        if (scheme == null || !(scheme.equals("wss") || scheme.equals("ws") || scheme.equals("https")
                || scheme.equals("http")) || service.getHost() == null) {
            throw new IllegalArgumentException("the stream service " + service
                    + " is not a wss://, ws://, https:// or http:// URL with a host");
        }
    }

    /** The WebSocket URL to connect to, from {@code cursor} (inclusive) when given, else the live end. */
    public URI uri(OptionalLong cursor) {
        String scheme = switch (service.getScheme()) {
            case "https", "wss" -> "wss";
            default -> "ws";
        };
        String base = service.toString().substring(service.getScheme().length()).replaceAll("/+$", "");
        return URI.create(scheme + base + "/xrpc/" + method
                + (cursor.isPresent() ? "?cursor=" + cursor.getAsLong() : ""));
    }
}
