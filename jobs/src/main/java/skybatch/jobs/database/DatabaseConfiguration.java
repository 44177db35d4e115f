package skybatch.jobs.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import skybatch.jobs.SkybatchProperties;
import skybatch.sql.SkybatchSchema;

/**
 * The connection pool, the Flyway migrations that bring the schema up to date at every start, and the job
 * repository's retry of serialization failures.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    @Bean
    DatabaseServer databaseServer(SkybatchProperties properties) {
        return DatabaseServer.connect(properties.databaseUrl(), new EmbeddedServer(properties.homeDirectory()));
    }

    @Bean
    HikariDataSource dataSource(DatabaseServer server) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setPoolName("skybatch");
        config.setMaximumPoolSize(10);
        // writers stage each chunk in a temporary table; let a chunk's stage stay in memory. No JIT: the set-based
        // statements (recursive CTEs over temporary tables) are planned at costs far above jit_above_cost, and
        // compiling one took PostgreSQL 4-5 s for a statement that then ran in a tenth of a second (the backfill's
        // threads step spent nine tenths of its time there)
        config.setConnectionInitSql("SET temp_buffers = '128MB'; SET jit = off");
        return new HikariDataSource(config);
    }

    @Bean(initMethod = "migrate")
    Flyway flyway(DataSource dataSource, SkybatchProperties properties) {
        return SkybatchSchema.flyway(dataSource, properties.dataplaneSchema());
    }

    // static: a post-processor is created before the other beans, without this configuration's instance
    @Bean
    static JobRepositoryRetries jobRepositoryRetries() {
        return new JobRepositoryRetries();
    }
}
