package skybatch.jobs.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.jobs.verify.internal.DueDidQuery;
import skybatch.writers.testing.TestDatabase;

/** Which DIDs are due for a handle check, and in which order, straight from the query on a real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DueDidQueryTest {

    private TestDatabase database;
    private JdbcTemplate jdbc;

    @BeforeAll
    void seed() {
        database = TestDatabase.migrated();
        jdbc = new JdbcTemplate(database.dataSource());
        identity("did:plc:neverchecked", "https://other.host");
        identity("did:plc:priorityinvalid", "https://priority.host");
        identity("did:plc:oldvalid", "https://other.host");
        identity("did:plc:recentvalid", "https://other.host");
        identity("did:plc:notdueyet", "https://priority.host");
        identity("did:plc:newclaim", "https://other.host");
        identity("did:plc:tombstoned", "https://other.host");
        check("did:plc:priorityinvalid", "invalid", "'1 hour'");
        check("did:plc:oldvalid", "valid", "'3 days'");
        check("did:plc:recentvalid", "valid", "'2 days'");
        check("did:plc:notdueyet", "valid", "'-1 hour'");
        check("did:plc:tombstoned", "tombstoned", null);
        // checked for an older PLC operation than the one stored now
        jdbc.update("INSERT INTO skybatch.handle_verification (did, status, plc_cid, last_checked_at, next_check_at)"
                + " VALUES ('did:plc:newclaim', 'valid', 'older-cid', now(), now() + interval '1 day')");
    }

    @AfterAll
    void drop() {
        database.close();
    }

    private void identity(String did, String pds) {
        jdbc.update("INSERT INTO skybatch.actor_identity (did, claimed_handle, pds_endpoint, tombstoned, plc_cid,"
                + " plc_created_at) VALUES (?, 'h.test', ?, ?, 'cid', now())", did, pds, did.endsWith("tombstoned"));
    }

    /** A check made {@code ago} ago (a negative interval: in the future) and due again at that same moment. */
    private void check(String did, String status, String ago) {
        String checked = ago == null ? "now()" : "now() - interval " + ago;
        String next = ago == null ? "NULL" : checked;
        jdbc.update("INSERT INTO skybatch.handle_verification (did, status, plc_cid, last_checked_at, next_check_at)"
                + " VALUES (?, ?, 'cid', " + checked + ", " + next + ")", did, status);
    }


    /** The DIDs due in share {@code index} of {@code count}, in the query's order. */
    private List<String> due(String only, int count, int index, String... priorityHosts) {
        return jdbc.query(DueDidQuery.sql(only), (rs, i) -> rs.getString(1), count, index,
                DueDidQuery.hosts(List.of(priorityHosts)), Long.MAX_VALUE);
    }

    @Test
    void neverCheckedAndNewClaimsFirstThenPriorityHostsThenTheOldestCheck() {
        List<String> order = due("all", 1, 0, "priority.host");
        assertThat(order.subList(0, 2)).containsExactlyInAnyOrder("did:plc:neverchecked", "did:plc:newclaim");
        assertThat(order.subList(2, order.size()))
                .containsExactly("did:plc:priorityinvalid", "did:plc:oldvalid", "did:plc:recentvalid");
    }

    @Test
    void withoutPriorityHostsTheOldestCheckComesFirst() {
        List<String> order = due("all", 1, 0);
        assertThat(order.subList(2, order.size()))
                .containsExactly("did:plc:oldvalid", "did:plc:recentvalid", "did:plc:priorityinvalid");
    }

    @Test
    void onlySelectsByStatusAndTombstonesAndFutureChecksAreNeverDue() {
        List<String> all = due("all", 1, 0);
        assertThat(all).doesNotContain("did:plc:tombstoned", "did:plc:notdueyet").hasSize(5);
        List<String> invalid = due("invalid", 1, 0);
        assertThat(invalid).containsExactly("did:plc:priorityinvalid");
        List<String> pending = due("pending", 1, 0);
        assertThat(pending).containsExactlyInAnyOrder("did:plc:neverchecked", "did:plc:newclaim");
    }

    @Test
    void sharesSplitTheDidsWithoutOverlap() {
        List<String> first = due("all", 2, 0);
        List<String> second = due("all", 2, 1);
        assertThat(first).doesNotContainAnyElementsOf(second);
        assertThat(first.size() + second.size()).isEqualTo(5);
    }
}
