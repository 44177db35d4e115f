package skybatch.jobs.backfill.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import skybatch.jobs.backfill.internal.BackfillItem.RepoDone;
import skybatch.jobs.backfill.internal.BackfillItem.RepoFailed;
import skybatch.readers.mst.RepositoryException;
import skybatch.readers.pds.HostLimiter;
import skybatch.readers.plc.ReadProgress;
import skybatch.readers.repo.RepoArchive;
import skybatch.readers.support.ReadStoppedException;
import skybatch.readers.support.StopRequest;
import skybatch.readers.syntax.Datetime;
import skybatch.writers.backfill.BackfillQueue;
import skybatch.writers.backfill.PdsSlice;
import skybatch.writers.backfill.QueuedRepo;
import skybatch.writers.backfill.RepoStatus;
import skybatch.writers.quarantine.QuarantineRepository;
import skybatch.writers.quarantine.QuarantinedInput;
import skybatch.writers.record.StoredRecords;

/**
 * A worker's reader: takes the pending repositories of its share from the queue in DID order, loads and verifies
 * each, and emits its changes one record at a time, then how it ended. The queue is the restart state: a
 * repository stays pending until its last change commits with its {@link RepoDone}, so a restart takes it up
 * again, and finds the records committed before the failure already stored, and unchanged.
 *
 * <p>A repository whose MST turns out broken during the walk ends failed and quarantined; the records walked
 * before stay written, and nothing is removed beyond what the walk had passed.
 */
public class RepoQueueReader implements ItemStreamReader<BackfillItem>, ReadProgress {

    private static final Logger log = LoggerFactory.getLogger(RepoQueueReader.class);
    private static final int QUEUE_PAGE = 100;

    private final BackfillQueue queue;
    private final RepoLoader loader;
    private final DataSource dataSource;
    private final String dataplaneSchema;
    private final Share share;
    private final Predicate<String> collections;
    private final boolean verifySignatures;
    private final StopRequest stop;
    private final Deque<QueuedRepo> taken = new ArrayDeque<>();
    private String lastTaken;
    private boolean queueEmpty;
    private QueuedRepo repo;
    private RepoChanges changes;
    private volatile long bytesRead;

    /**
     * Which of the run's repositories this worker takes: those in {@code slices} when given (see
     * {@link PdsPartitioner}), downloaded within {@code limits}, the partition's share of each PDS's limits; else
     * share {@code index} of {@code count} by DID, within the process's limits alone.
     */
    public record Share(long jobInstanceId, long jobExecutionId, int index, int count, List<PdsSlice> slices,
            HostLimiter limits) {}

    public RepoQueueReader(BackfillQueue queue, RepoLoader loader, DataSource dataSource, String dataplaneSchema,
            Share share, Predicate<String> collections, boolean verifySignatures, StopRequest stop) {
        this.queue = queue;
        this.loader = loader;
        this.dataSource = dataSource;
        this.dataplaneSchema = dataplaneSchema;
        this.share = share;
        this.collections = collections;
        this.verifySignatures = verifySignatures;
        this.stop = stop;
    }

    @Override
    public BackfillItem read() throws Exception {
        while (true) {
            if (changes == null) {
                repo = nextRepo();
                if (repo == null) {
                    return null;
                }
                BackfillItem failure = open(repo);
                if (failure != null) {
                    return failure;
                }
            }
            BackfillItem item = nextChange();
            if (item != null) {
                return item;
            }
        }
    }

    private QueuedRepo nextRepo() {
        if (taken.isEmpty() && !queueEmpty) {
            taken.addAll(share.slices() != null
                    ? queue.pendingIn(share.jobInstanceId(), share.slices(), lastTaken, QUEUE_PAGE)
                    : queue.pending(share.jobInstanceId(), share.index(), share.count(), lastTaken, QUEUE_PAGE));
            queueEmpty = taken.isEmpty();
            if (!taken.isEmpty()) {
                lastTaken = taken.peekLast().did();
            }
        }
        return taken.poll();
    }

    /**
     * Opens the repository for its changes, or says why it cannot be backfilled. A download given up as the run
     * stops ends the step STOPPED, as a stop at a chunk boundary does (the repository stays pending).
     */
    private BackfillItem open(QueuedRepo next) throws Exception {
        RepoArchive archive;
        try {
            archive = loader.load(next, verifySignatures, share.limits(), stop);
        } catch (ReadStoppedException e) {
            throw new JobInterruptedException(e.getMessage());
        } catch (RepoRejectedException e) {
            log.warn("{} not backfilled ({}): {}", next.did(), e.status().value(),
                    QuarantineRepository.forLog(e.getMessage()));
            return new RepoFailed(next.did(), e.status(), e.getMessage(), e.badData() ? quarantine(next.did(), "car",
                    e.getMessage()) : null);
        }
        bytesRead += archive.bytes();
        if (archive.spilled()) {
            log.info("{}: {} blocks, {} MB, partly kept in a spill file", next.did(), archive.blockCount(),
                    archive.bytes() >> 20);
        }
        try {
            StoredRecords stored = StoredRecords.open(dataSource, dataplaneSchema, next.did());
            changes = new RepoChanges(next.did(), archive, stored, collections,
                    Datetime.of(Instant.now()).value());
        } catch (Exception e) {
            archive.close();
            throw e;
        }
        return null;
    }

    /** The open repository's next change, or its end; null when it ended and the next one is due. */
    private BackfillItem nextChange() throws Exception {
        BackfillItem item;
        try {
            item = changes.next();
        } catch (RepositoryException e) {
            String reason = "bad repository MST after " + changes.records() + " records: " + e.getMessage();
            log.warn("{} not backfilled: {}", repo.did(), QuarantineRepository.forLog(reason));
            closeRepo();
            return new RepoFailed(repo.did(), RepoStatus.FAILED, reason, quarantine(repo.did(), "mst", reason));
        }
        if (item != null) {
            return item;
        }
        RepoArchive archive = changes.archive();
        RepoDone done = new RepoDone(repo.did(), archive.commitCid().toString(), archive.commit().rev(),
                changes.records());
        closeRepo();
        return done;
    }

    private QuarantinedInput quarantine(String did, String position, String reason) {
        return new QuarantinedInput(share.jobExecutionId(), "getRepo " + repo.pds(), position, did, reason, null);
    }

    private void closeRepo() throws Exception {
        RepoChanges closing = changes;
        changes = null;
        closing.close();
    }

    @Override
    public void open(ExecutionContext executionContext) {
        // the queue holds the position: pending repositories are the ones left
    }

    @Override
    public void close() {
        if (changes != null) {
            try {
                closeRepo();
            } catch (Exception e) {
                log.warn("closing the repository of {}: {}", repo.did(), e.toString());
            }
        }
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public long totalBytes() {
        return -1;
    }
}
