package skybatch.readers.firehose;

import java.time.Instant;

/**
 * One frame as the journal holds it.
 *
 * @param index      the journal's own position (Chronicle Queue's index): ordered, opaque otherwise
 * @param seq        the relay's sequence number of the frame
 * @param receivedAt when the ingest received it
 * @param frame      the WebSocket binary message exactly as received: a DAG-CBOR header, then a DAG-CBOR body
 */
public record JournalEntry(long index, long seq, Instant receivedAt, byte[] frame) {}
