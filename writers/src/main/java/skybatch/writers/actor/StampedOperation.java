package skybatch.writers.actor;

import java.time.Instant;
import skybatch.readers.plc.PlcOperation;

/**
 * An operation a first load writes, with its chunk's stamp: the time each of its rows records ({@code updated_at},
 * {@code "indexedAt"}, {@code "updatedAt"}), which is also how the load's build tells its chunks apart (see
 * {@link PlcLoadTables#STAMPS}).
 */
record StampedOperation(PlcOperation operation, Instant stamp, String indexedAt) {}
