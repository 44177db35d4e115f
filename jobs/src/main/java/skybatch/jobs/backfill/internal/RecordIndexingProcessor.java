package skybatch.jobs.backfill.internal;

import java.util.Base64;
import java.util.Map;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import skybatch.jobs.backfill.internal.BackfillItem.RecordIndexed;
import skybatch.jobs.backfill.internal.BackfillItem.RecordPut;
import skybatch.jobs.backfill.internal.BackfillItem.RecordRejected;
import skybatch.readers.cbor.AtprotoJsonWriter;
import skybatch.readers.cbor.DagCborDecoder;
import skybatch.readers.cbor.DataModelException;
import skybatch.readers.mst.RepoRecord;
import skybatch.writers.quarantine.QuarantinedInput;
import skybatch.writers.record.InvalidRecordException;
import skybatch.writers.record.RecordMapper;

/**
 * Decodes each record put and maps it to its dataplane rows, or rejects it into quarantine when it does not
 * decode or the app-view would not index it. Other items pass through.
 */
public class RecordIndexingProcessor implements ItemProcessor<BackfillItem, BackfillItem> {

    private final long jobExecutionId;

    public RecordIndexingProcessor(long jobExecutionId) {
        this.jobExecutionId = jobExecutionId;
    }

    @Override
    public BackfillItem process(BackfillItem item) {
        if (!(item instanceof RecordPut put)) {
            return item;
        }
        RepoRecord record = put.record();
        String uri = "at://" + put.did() + "/" + record.path();
        Map<String, Object> value;
        try {
            value = DagCborDecoder.decodeMap(record.data());
        } catch (DataModelException e) {
            return rejected(put, uri, "record does not decode: " + e.getMessage(),
                    Base64.getEncoder().encodeToString(record.data()));
        }
        try {
            return new RecordIndexed(RecordMapper.map(put.did(), record.collection(), record.rkey(),
                    record.cid().toString(), value, put.indexedAt()), put.replaces());
        } catch (InvalidRecordException e) {
            return rejected(put, uri, e.getMessage(), AtprotoJsonWriter.toJson(value));
        }
    }

    private RecordRejected rejected(RecordPut put, String uri, String reason, String raw) {
        return new RecordRejected(uri, put.replaces(), new QuarantinedInput(jobExecutionId, "at://" + put.did(),
                put.record().path(), put.did(), reason, raw));
    }
}
