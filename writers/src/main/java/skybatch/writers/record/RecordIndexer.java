package skybatch.writers.record;

import java.util.Base64;
import java.util.Map;
import skybatch.readers.cbor.AtprotoJsonWriter;
import skybatch.readers.cbor.DagCborDecoder;
import skybatch.readers.cbor.DataModelException;
import skybatch.writers.quarantine.QuarantinedInput;
import skybatch.writers.record.IndexedChange.Indexed;
import skybatch.writers.record.IndexedChange.Rejected;
import skybatch.writers.record.IndexedChange.Removed;
import skybatch.writers.record.RecordChange.Delete;
import skybatch.writers.record.RecordChange.Put;

/**
 * Decodes each put and maps it to its dataplane rows with {@link RecordMapper}, or rejects it for quarantine when
 * it does not decode or the app-view would not index it; a delete stays a removal.
 */
public final class RecordIndexer {

    private final Long jobExecutionId;

    /** @param jobExecutionId the run that quarantines what it rejects */
    public RecordIndexer(Long jobExecutionId) {
        this.jobExecutionId = jobExecutionId;
    }

    /**
     * @param source where the change came from, for the quarantine ({@code at://did} for a repository,
     *     {@code firehose} for the live stream)
     * @param position where in that source (a record path, a seq and path)
     */
    public IndexedChange index(RecordChange change, String source, String position) {
        if (change instanceof Delete delete) {
            return new Removed(delete.uri());
        }
        Put put = (Put) change;
        Map<String, Object> value;
        try {
            value = DagCborDecoder.decodeMap(put.bytes());
        } catch (DataModelException e) {
            return rejected(put, source, position, "record does not decode: " + e.getMessage(),
                    Base64.getEncoder().encodeToString(put.bytes()));
        }
        try {
            return new Indexed(RecordMapper.map(put.did(), put.collection(), put.rkey(), put.cid(), value,
                    put.indexedAt()), put.replaces());
        } catch (InvalidRecordException e) {
            return rejected(put, source, position, e.getMessage(), AtprotoJsonWriter.toJson(value));
        }
    }

    private Rejected rejected(Put put, String source, String position, String reason, String raw) {
        return new Rejected(put.uri(), put.replaces(),
                new QuarantinedInput(jobExecutionId, source, position, put.did(), reason, raw));
    }
}
