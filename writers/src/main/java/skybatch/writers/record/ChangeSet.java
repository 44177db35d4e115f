package skybatch.writers.record;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import skybatch.writers.quarantine.QuarantinedInput;
import skybatch.writers.record.IndexedChange.Indexed;
import skybatch.writers.record.IndexedChange.Rejected;
import skybatch.writers.record.RecordTablesWriter.RepoCommit;

/**
 * What one transaction applies through {@link RecordChangeWriter}, gathered in order. Changes to the same record
 * collapse to the last one: the tables see the removal of any stored or earlier version, then the last version's
 * rows, so a create and a delete of one record in the same chunk leave nothing behind but the recount of what the
 * earlier versions counted in (a post liked and unliked keeps its counts' row, at zero, as one at a time).
 */
public final class ChangeSet {

    private final Set<String> seen = new LinkedHashSet<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private final Map<String, IndexedRecord> indexed = new LinkedHashMap<>();
    private final List<IndexedRecord> superseded = new ArrayList<>();
    private final List<QuarantinedInput> quarantined = new ArrayList<>();
    private final List<RepoCommit> commits = new ArrayList<>();

    public void add(IndexedChange change) {
        String uri = change.uri();
        if (!seen.add(uri) || change.removesStored()) {
            removed.add(uri);
        }
        IndexedRecord earlier = indexed.remove(uri);
        if (earlier != null) {
            superseded.add(earlier);
        }
        if (change instanceof Indexed put) {
            indexed.put(uri, put.record());
        } else if (change instanceof Rejected rejected) {
            quarantined.add(rejected.quarantine());
        }
    }

    public void quarantine(QuarantinedInput input) {
        quarantined.add(input);
    }

    /** A repository's commit to record in {@code actor_sync}. */
    public void sync(RepoCommit commit) {
        commits.add(commit);
    }

    Collection<String> removed() {
        return removed;
    }

    Collection<IndexedRecord> indexed() {
        return indexed.values();
    }

    /** The versions that a later change replaced or removed before they were written. */
    Collection<IndexedRecord> superseded() {
        return superseded;
    }

    List<QuarantinedInput> quarantined() {
        return quarantined;
    }

    List<RepoCommit> commits() {
        return commits;
    }
}
