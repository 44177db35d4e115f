package skybatch.writers.actor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import skybatch.writers.support.SqlIdentifier;

/**
 * What the live stream's account and identity events change, as {@code @atproto/bsky}'s indexing service does it,
 * in the caller's transaction: {@code actor} rows for new DIDs, {@code actor."upstreamStatus"}, a deleted account's
 * {@code actor} row; and, when a DID's identity changed, its cached answers and its handle check.
 */
public class AccountChanges {

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final String dataplane;

    public AccountChanges(DataSource dataSource, String dataplaneSchema) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.dataplane = SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema");
    }

    /** An {@code actor} row, without a handle, for each DID that has none. */
    public void ensureActors(Collection<String> dids, String indexedAt) throws SQLException {
        if (dids.isEmpty()) {
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + dataplane
                + ".actor (did, \"indexedAt\") SELECT did, ? FROM unnest(?::text[]) AS d(did)"
                + " ORDER BY did ON CONFLICT (did) DO NOTHING")) {
            insert.setString(1, indexedAt);
            insert.setArray(2, connection.createArrayOf("text", dids.toArray()));
            insert.executeUpdate();
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** {@code actor."upstreamStatus"}: null for an active account, else deactivated, suspended or takendown. */
    public void setUpstreamStatus(String did, String status) {
        jdbc.update("UPDATE " + dataplane + ".actor SET \"upstreamStatus\" = ? WHERE did = ?", status, did);
    }

    /**
     * A deleted account: its {@code actor} row and the notifications to it go, as the app-view's indexer does (its
     * records go through the record writer).
     */
    public void deleteActor(String did) {
        jdbc.update("DELETE FROM " + dataplane + ".actor WHERE did = ?", did);
        jdbc.update("DELETE FROM " + dataplane + ".notification WHERE did = ?", did);
    }

    /**
     * A DID's identity changed: its cached answers are dropped, and its handle check becomes due now (a DID
     * without a check row is never-checked, which the verification job takes first).
     */
    public void identityChanged(String did) {
        jdbc.update("DELETE FROM skybatch.identity_cache WHERE key = ? OR identity ->> 'did' = ?", "did:" + did, did);
        jdbc.update("DELETE FROM skybatch.handle_verification WHERE did = ?", did);
    }
}
