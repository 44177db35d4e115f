package skybatch.writers.support;

import static org.assertj.core.api.Assertions.assertThat;

import de.bytefish.pgbulkinsert.PgBulkInsert;
import de.bytefish.pgbulkinsert.mapping.AbstractMapping;
import de.bytefish.pgbulkinsert.pgsql.handlers.ZonedDateTimeValueHandler;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.sql.Connection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import skybatch.writers.testing.TestDatabase;

class InstantValueHandlerTest {

    private static final List<Instant> INSTANTS = List.of(
            Instant.parse("2024-03-05T12:34:56.789Z"),
            Instant.parse("2000-01-01T00:00:00Z"),
            Instant.parse("1999-12-31T23:59:59.999999Z"),
            Instant.parse("1970-01-01T00:00:00.000001Z"),
            Instant.parse("1901-06-15T08:00:00.5Z"),
            Instant.parse("2023-11-30T23:59:59.123456789Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z"));

    @Test
    void writesTheBytesPgBulkInsertsOwnHandlerWritesForTheSameMoment() {
        InstantValueHandler ours = new InstantValueHandler();
        ZonedDateTimeValueHandler theirs = new ZonedDateTimeValueHandler();
        for (Instant instant : INSTANTS) {
            assertThat(bytes(out -> ours.handle(out, instant)))
                    .as(instant.toString())
                    .isEqualTo(bytes(out -> theirs.handle(out, instant.atZone(ZoneOffset.UTC))));
        }
        assertThat(bytes(out -> ours.handle(out, null))).isEqualTo(new byte[] {-1, -1, -1, -1});
    }

    @Test
    void postgresqlReadsEachMomentBackToTheMicrosecond() throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
                    DataSourceUtils.getConnection(database.dataSource()), true);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            jdbc.execute("CREATE TABLE moment (n integer, at timestamptz)");
            List<Moment> moments = new ArrayList<>();
            for (int n = 0; n < INSTANTS.size(); n++) {
                moments.add(new Moment(n, INSTANTS.get(n)));
            }
            moments.add(new Moment(INSTANTS.size(), null));
            try (Connection connection = dataSource.getConnection()) {
                new PgBulkInsert<>(new MomentMapping()).saveAll(connection.unwrap(PGConnection.class), moments);
            }

            List<String> read = jdbc.queryForList("SELECT coalesce(to_char(at AT TIME ZONE 'UTC',"
                    + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), 'NULL') FROM moment ORDER BY n", String.class);
            List<String> expected = new ArrayList<>();
            for (Instant instant : INSTANTS) {
                Instant micros = instant.minusNanos(instant.getNano() % 1_000);
                expected.add(String.format("%tY-%<tm-%<tdT%<tH:%<tM:%<tS.%06dZ", micros.atZone(ZoneOffset.UTC),
                        micros.getNano() / 1_000));
            }
            expected.add("NULL");
            assertThat(read).containsExactlyElementsOf(expected);
            dataSource.destroy();
        }
    }

    private record Moment(int n, Instant at) {}

    private static final class MomentMapping extends AbstractMapping<Moment> {
        MomentMapping() {
            super("public", "moment");
            mapIntegerPrimitive("n", Moment::n);
            map("at", new InstantValueHandler(), Moment::at);
        }
    }

    private static byte[] bytes(Consumer<DataOutputStream> write) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write.accept(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }
}
