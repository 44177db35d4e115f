package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * Spring Batch's JDBC job repository tables, from the DDL that ships inside spring-batch-core, so the schema
 * always matches the library version. Runs once, in schema skybatch; nothing here ever drops a table.
 */
public class V3__spring_batch_job_repository extends BaseJavaMigration {

    @Override
    public void migrate(Context context) {
        ScriptUtils.executeSqlScript(context.getConnection(),
                new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql"));
    }
}
