package skybatch.jobs.identity;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.readers.did.DidDocument;
import skybatch.readers.identity.DidDocumentSource;
import skybatch.readers.identity.Failure;
import skybatch.readers.identity.Reason;
import skybatch.readers.identity.ResolutionException;
import skybatch.readers.identity.ResolvedDocument;
import skybatch.readers.identity.Source;
import skybatch.readers.syntax.Did;
import skybatch.writers.support.SqlIdentifier;

/**
 * did:plc documents as the PLC import stored them: {@code did_cache} for live DIDs, {@code actor_identity} to know
 * a tombstone. A DID the import has not seen is NOT_FOUND here, so that {@code orElse} asks the network. The
 * query is one indexed lookup, made on the caller's thread.
 */
public class LocalDocuments implements DidDocumentSource {

    private final JdbcTemplate jdbc;
    private final String sql;

    public LocalDocuments(DataSource dataSource, String dataplaneSchema) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.sql = "SELECT i.tombstoned, d.doc::text FROM skybatch.actor_identity i LEFT JOIN "
                + SqlIdentifier.requirePlain(dataplaneSchema, "dataplane schema")
                + ".did_cache d ON d.did = i.did WHERE i.did = ?";
    }

    @Override
    public CompletableFuture<ResolvedDocument> fetch(Did did) {
        if (!did.isPlc()) {
            return failed(Reason.NOT_FOUND, "not a did:plc");
        }
        List<Object[]> rows = jdbc.query(sql, (rs, i) -> new Object[] {rs.getBoolean(1), rs.getString(2)},
                did.value());
        if (rows.isEmpty()) {
            return failed(Reason.NOT_FOUND, did + " is not in actor_identity");
        }
        if ((Boolean) rows.get(0)[0]) {
            return failed(Reason.TOMBSTONED, did + " is tombstoned in the PLC directory");
        }
        String doc = (String) rows.get(0)[1];
        if (doc == null) {
            return failed(Reason.NOT_FOUND, did + " has no did_cache row");
        }
        return CompletableFuture.completedFuture(new ResolvedDocument(DidDocument.parse(doc), Source.CACHE));
    }

    private static CompletableFuture<ResolvedDocument> failed(Reason reason, String detail) {
        return CompletableFuture.failedFuture(new ResolutionException(new Failure(reason, Source.CACHE, detail)));
    }
}
