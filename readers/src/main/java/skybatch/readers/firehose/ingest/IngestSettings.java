package skybatch.readers.firehose.ingest;

import java.time.Duration;

/**
 * How an ingest follows its stream.
 *
 * @param idleTimeout    reconnect when no message arrived for this long (the network sends several a second)
 * @param maxFrameBytes  a message larger than this is not journalled (atproto caps frames at 5 MB)
 * @param initialBackoff the first delay before reconnecting, doubled after each failed attempt (with jitter)
 * @param maxBackoff     the longest delay before reconnecting
 * @param connectTimeout for opening the WebSocket
 * @param journalRejections whether a message that is not journalled (oversized, undecodable, without a seq, text)
 *                       leaves a {@link RejectedMessage} entry in the journal, so that the tail quarantines it
 */
public record IngestSettings(Duration idleTimeout, int maxFrameBytes, Duration initialBackoff, Duration maxBackoff,
        Duration connectTimeout, boolean journalRejections) {

    public IngestSettings(Duration idleTimeout, int maxFrameBytes, Duration initialBackoff, Duration maxBackoff,
            Duration connectTimeout) {
        this(idleTimeout, maxFrameBytes, initialBackoff, maxBackoff, connectTimeout, false);
    }

    public static final int FIVE_MB = 5 << 20;

    public static IngestSettings defaults() {
        return new IngestSettings(Duration.ofSeconds(60), FIVE_MB, Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofSeconds(10));
    }

    public IngestSettings withIdleTimeout(Duration timeout) {
        return new IngestSettings(timeout, maxFrameBytes, initialBackoff, maxBackoff, connectTimeout,
                journalRejections);
    }

    public IngestSettings withMaxFrameBytes(int bytes) {
        return new IngestSettings(idleTimeout, bytes, initialBackoff, maxBackoff, connectTimeout, journalRejections);
    }

    public IngestSettings withBackoff(Duration initial, Duration max) {
        return new IngestSettings(idleTimeout, maxFrameBytes, initial, max, connectTimeout, journalRejections);
    }

    public IngestSettings withRejectionsJournalled() {
        return new IngestSettings(idleTimeout, maxFrameBytes, initialBackoff, maxBackoff, connectTimeout, true);
    }
}
