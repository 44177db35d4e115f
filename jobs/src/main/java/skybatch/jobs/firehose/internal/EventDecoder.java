package skybatch.jobs.firehose.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import skybatch.jobs.firehose.internal.LiveEvent.AccountStatus;
import skybatch.jobs.firehose.internal.LiveEvent.IdentityChanged;
import skybatch.jobs.firehose.internal.LiveEvent.Ignored;
import skybatch.jobs.firehose.internal.LiveEvent.Op;
import skybatch.jobs.firehose.internal.LiveEvent.Rejected;
import skybatch.jobs.firehose.internal.LiveEvent.Sync;
import skybatch.jobs.tail.CheckAheadReader;
import skybatch.jobs.tail.PendingBatch;
import skybatch.readers.car.CarException;
import skybatch.readers.car.CarReader;
import skybatch.readers.cbor.DataModelException;
import skybatch.readers.cid.Cid;
import skybatch.readers.crypto.CommitVerifier;
import skybatch.readers.crypto.PublicKey;
import skybatch.readers.firehose.Frame;
import skybatch.readers.firehose.InvalidFrameException;
import skybatch.readers.firehose.JournalEntry;
import skybatch.readers.mst.Commit;
import skybatch.readers.mst.MemoryBlockStore;
import skybatch.readers.mst.RepositoryException;
import skybatch.readers.syntax.Did;

/**
 * Decodes each journal entry and checks it before anything is written: the frame's DAG-CBOR, the blocks of a
 * {@code #commit} or {@code #sync} against their CIDs, the commit's DID and its signature against the DID's key
 * ({@link RepoKeys}; a commit that fails with the key held is tried once with the key the directory gives now).
 * What fails becomes {@link Rejected}, for quarantine. A batch's entries are checked on a pool of one thread per
 * core, in slices (the signatures are the work), while the step writes the batch before ({@link #start}, from
 * {@link CheckAheadReader}); they come out in journal order. As the step's processor it hands on a batch's checked
 * events once they are all there.
 */
public class EventDecoder implements ItemProcessor<PendingBatch<LiveBatch>, LiveBatch>, AutoCloseable {

    /** The largest record the tail indexes; the app-view's PDSes refuse larger ones. */
    static final int MAX_RECORD_BYTES = 1 << 20;
    /** Fewer entries than this are checked as one task: splitting them costs more than it gains. */
    private static final int MIN_SLICE = 16;

    private final RepoKeys keys;
    private final int threads;
    private final ExecutorService pool;

    public EventDecoder(RepoKeys keys) {
        this(keys, Runtime.getRuntime().availableProcessors());
    }

    /** @param threads how many entries are checked at once */
    public EventDecoder(RepoKeys keys, int threads) {
        this.keys = keys;
        this.threads = Math.max(1, threads);
        this.pool = Executors.newFixedThreadPool(this.threads, daemonThreads());
    }

    /** Starts checking a batch's entries, on the pool; the batch's events come out in its order. */
    public PendingBatch<LiveBatch> start(JournalBatch batch) {
        List<JournalEntry> entries = batch.entries();
        int slices = Math.max(1, Math.min(threads, entries.size() / MIN_SLICE));
        List<CompletableFuture<List<LiveEvent>>> parts = new ArrayList<>(slices);
        for (int i = 0; i < slices; i++) {
            List<JournalEntry> slice = entries.subList(entries.size() * i / slices, entries.size() * (i + 1) / slices);
            parts.add(CompletableFuture.supplyAsync(() -> slice.stream().map(this::decode).toList(), pool));
        }
        CompletableFuture<LiveBatch> checked = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(done -> new LiveBatch(parts.stream().flatMap(part -> part.join().stream()).toList()));
        return new PendingBatch<>(batch, checked);
    }

    /** The batch's events once all are checked. */
    @Override
    public LiveBatch process(PendingBatch<LiveBatch> pending) {
        return pending.join();
    }

    /** Checks what is being checked no further; what is under way ends with the entry it is on. */
    @Override
    public void close() {
        pool.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "firehose-check-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public LiveEvent decode(JournalEntry entry) {
        Frame frame;
        try {
            frame = Frame.decode(entry.frame());
        } catch (InvalidFrameException e) {
            return new Rejected(entry, null, "frame does not decode: " + e.getMessage());
        }
        if (frame.isError()) {
            return new Ignored(entry, "error frame " + frame.name() + ": " + frame.message());
        }
        Map<String, Object> body = frame.body();
        try {
            return switch (frame.type()) {
                case "#commit" -> commit(entry, body);
                case "#sync" -> sync(entry, body);
                case "#identity" -> new IdentityChanged(entry, did(body, "did"));
                case "#account" -> new AccountStatus(entry, did(body, "did"), body.get("active") == Boolean.TRUE,
                        body.get("status") instanceof String status ? status : null);
                default -> new Ignored(entry, frame.type() + (frame.name() == null ? "" : " " + frame.name()));
            };
        } catch (BadEvent e) {
            return new Rejected(entry, e.did, e.getMessage());
        }
    }

    private LiveEvent commit(JournalEntry entry, Map<String, Object> body) throws BadEvent {
        String did = did(body, "repo");
        if (!(body.get("commit") instanceof Cid commitCid)) {
            throw new BadEvent(did, "#commit without a commit CID");
        }
        MemoryBlockStore blocks = blocks(did, body);
        Commit commit = signedCommit(did, blocks, commitCid);
        if (!(body.get("ops") instanceof List<?> opList)) {
            throw new BadEvent(did, "#commit without ops");
        }
        List<Op> ops = new ArrayList<>(opList.size());
        boolean missing = body.get("tooBig") == Boolean.TRUE;
        for (Object item : opList) {
            if (!(item instanceof Map<?, ?> op) || !(op.get("action") instanceof String action)
                    || !(op.get("path") instanceof String path) || path.indexOf('/') <= 0) {
                throw new BadEvent(did, "#commit op is not {action, path, cid}: " + item);
            }
            if (action.equals("delete")) {
                ops.add(new Op(action, path, null, null));
                continue;
            }
            if (!action.equals("create") && !action.equals("update") || !(op.get("cid") instanceof Cid cid)) {
                throw new BadEvent(did, "#commit op " + action + " " + path + " has no record CID");
            }
            byte[] record = blocks.get(cid);
            if (record != null && record.length > MAX_RECORD_BYTES) {
                throw new BadEvent(did, "record " + path + " is " + record.length + " bytes, more than "
                        + MAX_RECORD_BYTES);
            }
            missing |= record == null;
            ops.add(new Op(action, path, cid.toString(), record));
        }
        String since = body.get("since") instanceof String s ? s : null;
        String prevData = body.get("prevData") instanceof Cid c ? c.toString() : null;
        return new LiveEvent.Commit(entry, did, commit.rev(), since, commitCid.toString(), commit.data().toString(),
                prevData, ops, missing);
    }

    private LiveEvent sync(JournalEntry entry, Map<String, Object> body) throws BadEvent {
        String did = did(body, "did");
        byte[] car = body.get("blocks") instanceof byte[] b ? b : null;
        if (car == null) {
            throw new BadEvent(did, "#sync without blocks");
        }
        Cid root;
        try (CarReader reader = CarReader.open(new ByteArrayInputStream(car))) {
            if (reader.header().roots().isEmpty()) {
                throw new BadEvent(did, "#sync blocks name no root");
            }
            root = reader.header().roots().get(0);
        } catch (IOException e) {
            throw new BadEvent(did, "#sync blocks are not a CAR: " + e.getMessage());
        }
        Commit commit = signedCommit(did, blocks(did, body), root);
        return new Sync(entry, did, commit.rev(), root.toString(), commit.data().toString());
    }

    private static MemoryBlockStore blocks(String did, Map<String, Object> body) throws BadEvent {
        if (!(body.get("blocks") instanceof byte[] car)) {
            throw new BadEvent(did, "no blocks");
        }
        try (CarReader reader = CarReader.open(new ByteArrayInputStream(car))) {
            return MemoryBlockStore.load(reader);
        } catch (CarException e) {
            throw new BadEvent(did, "blocks fail: " + e.getMessage());
        } catch (IOException e) {
            throw new BadEvent(did, "blocks are cut short: " + e.getMessage());
        }
    }

    private Commit signedCommit(String did, MemoryBlockStore blocks, Cid cid) throws BadEvent {
        byte[] block = blocks.get(cid);
        if (block == null) {
            throw new BadEvent(did, "the commit block " + cid + " is not in the blocks");
        }
        Commit commit;
        try {
            commit = Commit.decode(block);
        } catch (RepositoryException | DataModelException e) {
            throw new BadEvent(did, "bad commit block: " + e.getMessage());
        }
        if (!commit.did().equals(did)) {
            throw new BadEvent(did, "the commit is signed for " + commit.did() + ", not " + did);
        }
        PublicKey key;
        try {
            key = keys.of(did);
        } catch (RepoKeys.UnknownKeyException e) {
            throw new BadEvent(did, e.getMessage());
        }
        if (!CommitVerifier.verify(commit, key) && !verifiesWithNewerKey(did, commit)) {
            throw new BadEvent(did, "the commit signature does not verify with " + did + "'s key " + key.toDidKey());
        }
        return commit;
    }

    /** Whether the key the directory gives now (it may have rotated) verifies the commit. */
    private boolean verifiesWithNewerKey(String did, Commit commit) {
        try {
            return CommitVerifier.verify(commit, keys.fresh(did));
        } catch (RepoKeys.UnknownKeyException e) {
            return false;
        }
    }

    private static String did(Map<String, Object> body, String field) throws BadEvent {
        if (!(body.get(field) instanceof String text) || Did.tryParse(text).isEmpty()) {
            throw new BadEvent(null, "no valid DID in '" + field + "': " + body.get(field));
        }
        return text;
    }

    /** Why an event cannot be used. */
    private static final class BadEvent extends Exception {
        private final String did;

        BadEvent(String did, String reason) {
            super(reason);
            this.did = did;
        }
    }
}
