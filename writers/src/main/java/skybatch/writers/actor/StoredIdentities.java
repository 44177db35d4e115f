package skybatch.writers.actor;

import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.writers.support.SqlIdentifier;

/**
 * Reads what the PLC import (and the dataplane's {@code did_cache}) stored about a DID: one indexed lookup of each
 * table, in the caller's transaction when there is one.
 */
public class StoredIdentities {

    private final JdbcTemplate jdbc;
    private final String sql;

    public StoredIdentities(DataSource dataSource, String dataplaneSchema) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.sql = "SELECT i.did IS NOT NULL, i.pds_endpoint, i.signing_key, coalesce(i.tombstoned, false),"
                + " d.doc::text FROM (SELECT ?::text AS did) q"
                + " LEFT JOIN skybatch.actor_identity i ON i.did = q.did COLLATE \"C\" LEFT JOIN "
                + SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema") + ".did_cache d ON d.did = q.did";
    }

    /** What is stored about {@code did}, or empty when neither table has it. */
    public Optional<StoredIdentity> find(String did) {
        StoredIdentity found = jdbc.queryForObject(sql, (rs, i) -> new StoredIdentity(did, rs.getBoolean(1),
                rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5)), did);
        return found.imported() || found.document() != null ? Optional.of(found) : Optional.empty();
    }
}
