package skybatch.readers.firehose.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an ingest reports about its stream, kept beside its journal in {@value #FILE} so that a status command in
 * another process can show it.
 *
 * @param stream            the subscription's name
 * @param service           the service followed
 * @param connected         whether a connection is open
 * @param connectedSince    when the current connection opened; {@code null} when none is open
 * @param receivedSeq       the last seq journalled; {@code null} when none yet
 * @param lastFrameAt       when the last message arrived
 * @param journalled        messages appended to the journal since the ingest started
 * @param journalledBytes   their bytes
 * @param replays           messages dropped because the journal already held their seq
 * @param reconnects        reconnections by reason
 * @param streamErrors      error frames and {@code #info} messages by name (FutureCursor, OutdatedCursor, ...)
 * @param rejected          messages not journalled by reason (oversized, undecodable, text, no seq)
 * @param recent            the latest notable events, newest last
 * @param updatedAt         when this was written
 */
public record IngestStatus(String stream, URI service, boolean connected, Instant connectedSince, Long receivedSeq,
        Instant lastFrameAt, long journalled, long journalledBytes, long replays, Map<String, Long> reconnects,
        Map<String, Long> streamErrors, Map<String, Long> rejected, List<Notice> recent, Instant updatedAt) {

    public static final String FILE = "ingest-status.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A notable event: a reconnection, an error frame, an {@code #info}, a rejected message. */
    public record Notice(Instant at, String kind, String detail) {}

    /** The status the ingest of {@code journalDir} last wrote, if any. */
    public static Optional<IngestStatus> read(Path journalDir) {
        Path file = journalDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(file.toFile(), IngestStatus.class));
    }

    /** Writes this beside the journal in {@code journalDir}, replacing the previous one at once. */
    void write(Path journalDir) {
        Path file = journalDir.resolve(FILE);
        Path temporary = journalDir.resolve(FILE + ".tmp");
        try {
            JSON.writeValue(temporary.toFile(), this);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ingest status " + file, e);
        }
    }
}
