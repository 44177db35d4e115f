package skybatch.readers.firehose.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import skybatch.readers.firehose.Frame;
import skybatch.readers.firehose.InvalidFrameException;
import skybatch.readers.firehose.Journal;
import skybatch.readers.net.BlockedAddressException;
import skybatch.readers.net.EgressGuard;

/**
 * Follows an event stream into a {@link Journal}: each binary message, reassembled from its fragments, is appended
 * raw with its seq and receive time, and only then is the next one requested (backpressure: nothing queues in
 * memory). The journal is the cursor: every connection asks for the stream from the last journalled seq, and
 * what the service replays up to it (cursors are inclusive) is dropped.
 *
 * <p>A closed, failed or idle connection is reopened after an exponential backoff with jitter. Error frames and
 * {@code #info} messages are logged, counted and recorded in the {@link IngestStatus}; so are messages that are not
 * journalled (over the size cap, undecodable, text, without a seq). A seq lower than the one before it on the
 * same connection stops the ingest with an {@link IngestException}: the journal's order must not be broken.
 */
public final class StreamIngest {

    private static final Logger log = LoggerFactory.getLogger(StreamIngest.class);
    private static final long TICK_MILLIS = 100;

    private final Subscription subscription;
    private final Journal journal;
    private final IngestSettings settings;
    private final EgressGuard egress;
    private final Clock clock;
    private final IngestRecorder recorder;
    private final HttpClient http;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile Connection current;
    /** The last seq in the journal; written by the connection's listener, one message at a time. */
    private volatile long lastSeq = -1;

    /** @param egress what every connection goes through: only to the addresses its policy allows */
    public StreamIngest(Subscription subscription, Journal journal, IngestSettings settings, EgressGuard egress,
            MeterRegistry meters, Clock clock) {
        this.subscription = subscription;
        this.journal = journal;
        this.settings = settings;
        this.egress = egress;
        this.clock = clock;
        this.recorder = new IngestRecorder(subscription, journal.dir(), meters, clock);
        this.http = egress.route(HttpClient.newBuilder().connectTimeout(settings.connectTimeout())).build();
    }

    /**
     * Follows the stream until {@link #stop}. It resumes after the journal's last seq; {@code startCursor} is where
     * an empty journal starts (empty: at the live end), or a later seq to skip to.
     *
     * @throws IngestException when the stream breaks the journal's order, or its address is not allowed
     */
    public void run(OptionalLong startCursor) throws InterruptedException {
        OptionalLong journalled = journal.lastSeq();
        lastSeq = journalled.orElse(-1);
        if (journalled.isPresent()) {
            recorder.resumedAt(lastSeq);
        }
        OptionalLong skipTo = startCursor.isPresent() && startCursor.getAsLong() > lastSeq
                ? startCursor : OptionalLong.empty();
        if (journalled.isPresent() && startCursor.isPresent() && skipTo.isEmpty()) {
            log.info("{}: the journal holds seq {}; resuming from it, not from cursor {}", subscription.name(),
                    lastSeq, startCursor.getAsLong());
        }
        BackOffExecution backoff = newBackoff();
        try {
            while (stopping.getCount() > 0) {
                OptionalLong cursor = lastSeq >= 0 && skipTo.isEmpty() ? OptionalLong.of(lastSeq) : skipTo;
                long before = lastSeq;
                Ending ending = connectAndFollow(cursor);
                if (lastSeq > before) {
                    skipTo = OptionalLong.empty();
                    backoff = newBackoff();
                }
                if (stopping.getCount() == 0) {
                    break;
                }
                recorder.disconnected(ending.reason(), ending.detail());
                long delay = backoff.nextBackOff();
                log.warn("{}: {} ({}); reconnecting from seq {} in {} ms", subscription.name(), ending.reason(),
                        ending.detail(), lastSeq < 0 ? "live" : lastSeq, delay);
                stopping.await(delay, TimeUnit.MILLISECONDS);
            }
        } finally {
            recorder.stopped();
        }
    }

    /** Closes the connection and makes {@link #run} return; safe from any thread, a signal handler too. */
    public void stop() {
        stopping.countDown();
        Connection connection = current;
        if (connection != null) {
            connection.end(Ending.of("stopped", "asked to stop"));
        }
    }

    public IngestStatus status() {
        return recorder.snapshot();
    }

    private BackOffExecution newBackoff() {
        ExponentialBackOff backoff = new ExponentialBackOff(settings.initialBackoff().toMillis(), 2.0);
        backoff.setMaxInterval(settings.maxBackoff().toMillis());
        backoff.setJitter(settings.initialBackoff().toMillis() / 2);
        return backoff.start();
    }

    /** One connection, from opening to its end; returns why it ended. */
    private Ending connectAndFollow(OptionalLong cursor) throws InterruptedException {
        URI uri = subscription.uri(cursor);
        checkAddresses(uri);
        Connection connection = new Connection();
        current = connection;
        try {
            WebSocket socket;
            try {
                socket = http.newWebSocketBuilder().connectTimeout(settings.connectTimeout())
                        .buildAsync(uri, connection).get(settings.connectTimeout().toMillis() * 2,
                                TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                return Ending.of("connect-failed", uri + ": " + cause);
            }
            log.info("{}: connected to {}", subscription.name(), uri);
            recorder.connected();
            while (true) {
                try {
                    Ending ending = connection.ended.get(TICK_MILLIS, TimeUnit.MILLISECONDS);
                    socket.abort();
                    if (ending.fatal() != null) {
                        throw ending.fatal();
                    }
                    return ending;
                } catch (TimeoutException tick) {
                    recorder.flushIfDue();
                    if (stopping.getCount() == 0) {
                        connection.end(Ending.of("stopped", "asked to stop")); // a stop() before current was set
                    } else if (connection.idleNanos() > settings.idleTimeout().toNanos()) {
                        connection.end(Ending.of("idle", "no message for " + settings.idleTimeout().toMillis() + " ms"));
                    }
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a connection's end is never exceptional", e);
                }
            }
        } finally {
            current = null;
        }
    }

    /**
     * Checks the service's host before connecting, for a clear error: an address the policy refuses stops the
     * ingest (a setting to fix, not a network failure). The guard checks again, and connects, on every connection.
     */
    private void checkAddresses(URI uri) {
        try {
            egress.check(uri);
        } catch (BlockedAddressException e) {
            throw new IngestException(subscription.name() + ": " + e.getMessage());
        } catch (IOException e) {
            // Not fatal (the host does not resolve yet): the connection attempt fails and is retried.
            log.debug("{}: cannot check {} yet", subscription.name(), uri.getHost(), e);
        }
    }

    /** Why a connection ended; {@code fatal} when the ingest must stop. */
    private record Ending(String reason, String detail, IngestException fatal) {
        static Ending of(String reason, String detail) {
            return new Ending(reason, detail, null);
        }
    }

    /** The listener of one connection. The JDK calls it for one message at a time, as requested. */
    private final class Connection implements WebSocket.Listener {

        final CompletableFuture<Ending> ended = new CompletableFuture<>();
        private final MessageBuffer buffer = new MessageBuffer(settings.maxFrameBytes());
        private volatile long lastActivity = System.nanoTime();
        private long previousSeq = -1;

        long idleNanos() {
            return System.nanoTime() - lastActivity;
        }

        void end(Ending ending) {
            ended.complete(ending);
        }

        @Override
        public void onOpen(WebSocket socket) {
            lastActivity = System.nanoTime();
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            lastActivity = System.nanoTime();
            buffer.add(data);
            if (last) {
                try {
                    accept(buffer.oversized(), buffer.size(), buffer.take());
                } catch (IngestException e) {
                    end(new Ending("fatal", e.getMessage(), e));
                    return null;
                } catch (RuntimeException e) {
                    // The journal failed: stop rather than lose the frame or journal out of order.
                    end(new Ending("fatal", e.toString(), new IngestException(subscription.name()
                            + ": cannot append to " + journal + ": " + e)));
                    return null;
                }
            }
            if (!ended.isDone()) {
                socket.request(1); // the next message only now: after the append
            }
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            lastActivity = System.nanoTime();
            if (last) {
                String text = data.toString(); // a text message: its last fragment only
                reject("text", "a text message where binary frames were expected", text.length(),
                        OptionalLong.empty(), text.getBytes(StandardCharsets.UTF_8),
                        clock.instant());
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            end(Ending.of("closed", "closed by the service: " + statusCode + (reason.isEmpty() ? "" : " " + reason)));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            end(Ending.of("error", error instanceof IOException ? error.toString() : String.valueOf(error)));
        }

        private void accept(boolean oversized, long size, byte[] message) {
            Instant receivedAt = clock.instant();
            if (oversized) {
                OptionalLong seq = RejectedMessage.seqOf(message);
                if (seq.isPresent() && seq.getAsLong() <= lastSeq) {
                    recorder.replayed(receivedAt);
                    return;
                }
                reject("oversized", "a message of " + size + " bytes, over the cap of " + settings.maxFrameBytes(),
                        size, seq, message, receivedAt);
                return;
            }
            Frame frame;
            try {
                frame = Frame.decode(message);
            } catch (InvalidFrameException e) {
                reject("undecodable", "a message of " + size + " bytes: " + e.getMessage(), size,
                        OptionalLong.empty(), message, receivedAt);
                return;
            }
            if (frame.isError()) {
                recorder.streamError("error frame", frame.name(), frame.message());
                return;
            }
            OptionalLong seq = frame.seq();
            if (seq.isEmpty()) {
                if ("#info".equals(frame.type())) {
                    recorder.streamError("#info", frame.name(), frame.message());
                } else {
                    reject("no-seq", "a " + frame.type() + " message without a seq", size, OptionalLong.empty(),
                            message, receivedAt);
                }
                return;
            }
            long s = seq.getAsLong();
            if (s < previousSeq) {
                throw new IngestException(subscription.name() + ": " + subscription.service() + " sent seq " + s
                        + " after seq " + previousSeq + " on one connection; the seq must not go backwards. The"
                        + " journal in " + journal.dir() + " holds up to seq " + lastSeq + "; if the service reset"
                        + " its sequence, start a new journal directory");
            }
            previousSeq = s;
            if (s <= lastSeq) {
                recorder.replayed(receivedAt);
                return;
            }
            journal.append(s, receivedAt, message);
            lastSeq = s;
            recorder.journalled(frame.type(), s, message.length, receivedAt);
        }

        /**
         * Counts a message that is not journalled and, with {@link IngestSettings#journalRejections}, leaves a
         * {@link RejectedMessage} in the journal in its place (with its seq, when it has one past the journal's).
         */
        private void reject(String reason, String detail, long size, OptionalLong seq, byte[] message,
                Instant receivedAt) {
            recorder.rejected(reason, detail);
            if (!settings.journalRejections()) {
                return;
            }
            Long own = seq.isPresent() ? seq.getAsLong() : null;
            journal.append(own != null ? own : lastSeq, receivedAt,
                    new RejectedMessage(reason, detail, size, own, lastSeq, message).toFrame());
            if (own != null) {
                lastSeq = own;
                previousSeq = own;
            }
        }
    }
}
