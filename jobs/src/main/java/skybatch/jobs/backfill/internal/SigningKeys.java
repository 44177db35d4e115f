package skybatch.jobs.backfill.internal;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.readers.crypto.DidDocumentKeys;
import skybatch.readers.crypto.InvalidPublicKeyException;
import skybatch.readers.crypto.PublicKey;
import skybatch.writers.support.SqlIdentifier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The atproto signing key a DID's identity names: {@code skybatch.actor_identity.signing_key} (from the PLC
 * import), else the {@code #atproto} method of its document in the dataplane's {@code did_cache} (did:web too).
 */
public final class SigningKeys {

    private final JdbcTemplate jdbc;
    private final String sql;

    public SigningKeys(DataSource dataSource, String dataplaneSchema) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.sql = "SELECT (SELECT signing_key FROM skybatch.actor_identity WHERE did = ?),"
                + " (SELECT doc::text FROM " + SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema")
                + ".did_cache WHERE did = ?)";
    }

    /**
     * @throws UnknownKeyException if no identity names a usable key
     */
    public PublicKey of(String did) {
        String[] found = jdbc.queryForObject(sql, (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, did,
                did);
        try {
            if (found[0] != null) {
                return PublicKey.fromDidKey(found[0]);
            }
            if (found[1] != null) {
                return DidDocumentKeys.atprotoSigningKey(JsonMapper.shared().readTree(found[1]));
            }
        } catch (InvalidPublicKeyException | JacksonException e) {
            throw new UnknownKeyException("the signing key of " + did + " cannot be read: " + e.getMessage());
        }
        throw new UnknownKeyException("no signing key known for " + did
                + ": import the PLC directory first, or backfill with --no-verify-signatures");
    }

    /** No usable key: the repository cannot be verified. */
    public static final class UnknownKeyException extends RuntimeException {
        UnknownKeyException(String message) {
            super(message);
        }
    }
}
