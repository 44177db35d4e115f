package skybatch.writers.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import skybatch.writers.testing.TestDatabase;

/** A shadow table swapped in for an empty target keeps everything of the target but its emptiness. */
class ShadowTableTest {

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private TransactionTemplate transaction;
    private String reader;
    private final ShadowTable shadow = new ShadowTable("public", "t_shadow", "app", "t");

    @BeforeEach
    void start() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        transaction = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));
        // roles belong to the server, not the database: one of this test's own
        reader = "shadow_reader_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
        jdbc.execute("CREATE ROLE " + reader);
        jdbc.execute("""
                CREATE SCHEMA app;
                CREATE TABLE app.t (
                    id   text NOT NULL,
                    v    integer DEFAULT 7 CONSTRAINT t_v_positive CHECK (v > 0),
                    name text,
                    CONSTRAINT t_pkey PRIMARY KEY (id),
                    CONSTRAINT t_name_key UNIQUE (name) DEFERRABLE
                ) WITH (fillfactor = 90);
                CREATE INDEX t_v_idx ON app.t (v DESC) WHERE v > 1;
                COMMENT ON TABLE app.t IS 'the target';
                COMMENT ON COLUMN app.t.v IS 'a value';
                GRANT SELECT, INSERT ON app.t TO %s;
                """.formatted(reader));
    }

    @AfterEach
    void stop() {
        jdbc.execute("DROP OWNED BY " + reader + "; DROP ROLE " + reader);
        database.close();
    }

    /** What must survive the swap: everything the catalog says of the table, but its identity. */
    private Map<String, Object> description() {
        return jdbc.queryForMap("""
                SELECT pg_get_userbyid(c.relowner) AS owner, c.relacl::text AS acl, c.reloptions::text AS options,
                       obj_description(c.oid, 'pg_class') AS comment, col_description(c.oid, 2) AS column_comment,
                       (SELECT string_agg(pg_get_indexdef(i.indexrelid), '; ' ORDER BY i.indexrelid::regclass::text)
                        FROM pg_index i
                        WHERE i.indrelid = c.oid) AS indexes,
                       (SELECT string_agg(k.conname || ' ' || pg_get_constraintdef(k.oid), '; ' ORDER BY k.conname)
                        FROM pg_constraint k WHERE k.conrelid = c.oid) AS constraints,
                       (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' '
                                          || a.attnotnull || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), ''),
                                          '; ' ORDER BY a.attnum)
                        FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns
                FROM pg_class c WHERE c.oid = 'app.t'::regclass
                """);
    }

    private void swap() {
        transaction.executeWithoutResult(status -> {
            jdbc.execute("LOCK TABLE app.t IN ACCESS EXCLUSIVE MODE");
            shadow.swapIn(jdbc);
        });
    }

    @Test
    void theSwappedInShadowKeepsTheTargetsDefinitionNamesOwnerGrantsOptionsAndComments() {
        Map<String, Object> before = description();
        assertThat(shadow.whyNotSwappable(jdbc)).isNull();

        shadow.create(jdbc);
        jdbc.update("INSERT INTO public.t_shadow (id, v, name) VALUES ('a', 1, 'x'), ('b', 2, 'y'), ('c', 3, NULL)");
        shadow.buildIndexes(jdbc);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM app.t", Long.class)).isZero();
        swap();

        assertThat(description()).isEqualTo(before);
        assertThat(description().get("constraints").toString()).contains("t_name_key UNIQUE (name) DEFERRABLE");
        assertThat(jdbc.queryForList("SELECT id FROM app.t ORDER BY id", String.class)).containsExactly("a", "b", "c");
        assertThat(shadow.exists(jdbc)).isFalse();
        // the constraints and the default hold on the swapped-in rows and on new ones
        assertThatThrownBy(() -> jdbc.update("INSERT INTO app.t (id, v) VALUES ('a', 1)"))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("t_pkey");
        assertThatThrownBy(() -> jdbc.update("INSERT INTO app.t (id, v) VALUES ('d', 0)"))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("t_v_positive");
        jdbc.update("INSERT INTO app.t (id) VALUES ('e')");
        assertThat(jdbc.queryForObject("SELECT v FROM app.t WHERE id = 'e'", Integer.class)).isEqualTo(7);
        assertThat(jdbc.queryForObject("SELECT has_table_privilege(?, 'app.t', 'INSERT')", Boolean.class, reader))
                .isTrue();
    }

    @Test
    void aTargetSomethingElseNamesCannotBeSwapped() {
        jdbc.execute("CREATE VIEW app.names AS SELECT name FROM app.t");
        assertThat(shadow.whyNotSwappable(jdbc)).contains("app.t", "depend", "view app.names");
        jdbc.execute("DROP VIEW app.names");

        jdbc.execute("CREATE TABLE app.child (id text REFERENCES app.t (id))");
        assertThat(shadow.whyNotSwappable(jdbc)).contains("depend", "constraint child_id_fkey on table app.child");
        jdbc.execute("DROP TABLE app.child");

        jdbc.execute("CREATE FUNCTION app.nothing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;"
                + " CREATE TRIGGER nothing BEFORE INSERT ON app.t FOR EACH ROW EXECUTE FUNCTION app.nothing()");
        assertThat(shadow.whyNotSwappable(jdbc)).contains("depend", "trigger nothing on table app.t");
        jdbc.execute("DROP TRIGGER nothing ON app.t");

        assertThat(shadow.whyNotSwappable(jdbc)).isNull();
    }

    @Test
    void aTargetWhoseIndexesChangedAfterTheBuildIsLeftAsItWas() {
        shadow.create(jdbc);
        jdbc.update("INSERT INTO public.t_shadow (id, v) VALUES ('a', 1)");
        shadow.buildIndexes(jdbc);
        jdbc.execute("CREATE INDEX t_name_idx ON app.t (name)");
        Map<String, Object> before = description();

        assertThatThrownBy(this::swap).isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("the indexes of app.t changed", "t_shadow");

        assertThat(description()).isEqualTo(before);
        assertThat(shadow.exists(jdbc)).isTrue();
        assertThat(jdbc.queryForList("SELECT id FROM public.t_shadow", String.class)).containsExactly("a");
    }
}
