package skybatch.writers.record;

import java.util.List;
import skybatch.writers.record.Rows.RecordRow;

/**
 * One repository record as the app-view indexes it: its {@code record} row and the rows of its collection's tables
 * (none for a collection the app-view does not index, or a record it keeps only in {@code record}).
 */
public record IndexedRecord(RecordRow record, List<Record> rows) {

    public IndexedRecord {
        rows = List.copyOf(rows);
    }

    public String uri() {
        return record.uri();
    }
}
