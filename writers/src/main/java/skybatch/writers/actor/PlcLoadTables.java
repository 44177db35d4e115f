package skybatch.writers.actor;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.writers.support.ShadowTable;
import skybatch.writers.support.SqlIdentifier;

/**
 * Where a PLC first load writes: a shadow table beside each identity table, swapped in for it at the end (see
 * {@link ShadowTable}), and the sequence that stamps its chunks.
 */
final class PlcLoadTables {

    static final String IDENTITIES = "plc_load_actor_identity";
    static final String ACTORS = "plc_load_actor";
    static final String DOCUMENTS = "plc_load_did_cache";

    /**
     * Each chunk's stamp: a value of this sequence, made to start at the load's start in epoch milliseconds, so
     * that its values are times just after it, one millisecond a chunk (a chunk takes longer). A worker's chunks
     * take their values in the order of their lines, and a sequence never gives a value twice, across crashes too:
     * of two rows of one DID, the one with the smaller stamp came from the earlier line. Each of the chunk's rows
     * records the stamp as its time, which is how the build finds, in each table, the row of the winning operation.
     */
    static final String STAMPS = "skybatch.plc_load_stamp";

    /** Each DID's winning chunk, of the DIDs with rows from more than one (see {@link PlcLoadBuild}). */
    static final String WINNERS = "skybatch.plc_load_winner";

    final ShadowTable identities;
    final ShadowTable actors;
    final ShadowTable documents;
    private final List<ShadowTable> all;

    PlcLoadTables(String dataplaneSchema) {
        String dataplane = SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema");
        this.identities = new ShadowTable("skybatch", IDENTITIES, "skybatch", "actor_identity");
        this.actors = new ShadowTable("skybatch", ACTORS, dataplane, "actor");
        this.documents = new ShadowTable("skybatch", DOCUMENTS, dataplane, "did_cache");
        this.all = List.of(identities, actors, documents);
    }

    List<ShadowTable> all() {
        return all;
    }

    List<String> targets() {
        return all.stream().map(ShadowTable::target).toList();
    }

    /** Why a load could not swap its tables in (the first target's reason); null when it can. */
    String whyNotSwappable(JdbcTemplate jdbc) {
        return all.stream().map(table -> table.whyNotSwappable(jdbc)).filter(Objects::nonNull).findFirst()
                .orElse(null);
    }

    /** Makes the shadows, the stamps and the winners afresh: what an abandoned load left is dropped. */
    void create(JdbcTemplate jdbc) {
        all.forEach(table -> table.create(jdbc));
        jdbc.execute("DROP SEQUENCE IF EXISTS " + STAMPS);
        jdbc.execute("CREATE SEQUENCE " + STAMPS + " START WITH " + Instant.now().toEpochMilli());
        jdbc.execute("DROP TABLE IF EXISTS " + WINNERS);
        jdbc.execute("CREATE TABLE " + WINNERS + " (did text COLLATE \"C\" NOT NULL, kept timestamptz NOT NULL,"
                + " first timestamptz NOT NULL)");
    }

    /** Drops the stamps and the winners, once the shadows are swapped in. */
    void dropBookkeeping(JdbcTemplate jdbc) {
        jdbc.execute("DROP SEQUENCE " + STAMPS);
        jdbc.execute("DROP TABLE " + WINNERS);
    }
}
