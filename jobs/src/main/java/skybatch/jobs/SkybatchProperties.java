package skybatch.jobs;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * skybatch's settings. Each can be given as an environment variable (SKYBATCH_DATAPLANE_SCHEMA,
 * SKYBATCH_PLC_CHUNK_SIZE, ...) or a {@code --skybatch.x=y} argument; the README lists them.
 *
 * @param databaseUrl the PostgreSQL to use (DATABASE_URL); empty: an embedded PostgreSQL under {@code home}
 * @param home where skybatch keeps its embedded database (SKYBATCH_HOME, default ~/.skybatch)
 * @param dataplaneSchema the schema of the app-view's tables (actor, did_cache, ...)
 */
@ConfigurationProperties("skybatch")
public record SkybatchProperties(
        @DefaultValue("") String databaseUrl,
        @DefaultValue("") String home,
        @DefaultValue("bsky") String dataplaneSchema,
        @DefaultValue Plc plc) {

    /** SKYBATCH_HOME, or ~/.skybatch. */
    public Path homeDirectory() {
        return home.isBlank() ? Path.of(System.getProperty("user.home"), ".skybatch") : Path.of(home);
    }

    /**
     * @param chunkSize lines per transaction
     * @param pageSize operations per page of the export endpoint (the PLC directory allows at most 1000)
     * @param skipLimit how many bad lines one worker may quarantine before it fails; -1: no limit
     * @param partitions how many workers import a file at once, each its own share of the DIDs
     */
    public record Plc(
            @DefaultValue("10000") int chunkSize,
            @DefaultValue("1000") int pageSize,
            @DefaultValue("30s") Duration httpTimeout,
            @DefaultValue("-1") long skipLimit,
            @DefaultValue("2") int partitions) {}
}
