package skybatch.sql;

import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The Flyway set-up of skybatch's schema: its own tables, Spring Batch's and Quartz's in schema
 * {@value #OWN_SCHEMA}, and the app-view's dataplane tables, where missing, in the configured dataplane schema.
 * The dataplane schema is not one Flyway manages: Flyway never cleans or drops it.
 */
public final class SkybatchSchema {

    public static final String OWN_SCHEMA = "skybatch";
    public static final String DEFAULT_DATAPLANE_SCHEMA = "bsky";

    private SkybatchSchema() {}

    public static Flyway flyway(DataSource dataSource, String dataplaneSchema) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas(OWN_SCHEMA)
                .defaultSchema(OWN_SCHEMA)
                .placeholders(Map.of("dataplane_schema", dataplaneSchema))
                .cleanDisabled(true)
                .load();
    }

    public static MigrateResult migrate(DataSource dataSource, String dataplaneSchema) {
        return flyway(dataSource, dataplaneSchema).migrate();
    }
}
