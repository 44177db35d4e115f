package skybatch.writers.support;

import de.bytefish.pgbulkinsert.pgsql.handlers.BaseValueHandler;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;

/**
 * A {@code timestamptz} in binary COPY, from an {@link Instant}: microseconds since 2000-01-01 UTC, digits below a
 * microsecond dropped, as pgbulkinsert's own handler writes a {@code ZonedDateTime}; without the
 * {@code ZonedDateTime} and {@code LocalDateTime} that one needs made for every value (a tenth of the PLC import's
 * chunk threads).
 */
public final class InstantValueHandler extends BaseValueHandler<Instant> {

    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in seconds since Java's. */
    private static final long POSTGRES_EPOCH_SECOND = 946_684_800L;

    @Override
    protected void internalHandle(DataOutputStream buffer, Instant value) throws IOException {
        buffer.writeInt(8);
        buffer.writeLong(Math.addExact(Math.multiplyExact(value.getEpochSecond() - POSTGRES_EPOCH_SECOND, 1_000_000L),
                value.getNano() / 1_000));
    }

    @Override
    public int getLength(Instant value) {
        return 8;
    }
}
