package skybatch.jobs.firehose.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import skybatch.jobs.firehose.internal.LiveEvent.AccountStatus;
import skybatch.jobs.firehose.internal.LiveEvent.Commit;
import skybatch.jobs.firehose.internal.LiveEvent.IdentityChanged;
import skybatch.jobs.firehose.internal.LiveEvent.Op;
import skybatch.jobs.firehose.internal.LiveEvent.Rejected;
import skybatch.jobs.firehose.internal.LiveEvent.Sync;
import skybatch.readers.firehose.JournalEntry;
import skybatch.readers.syntax.AtUri;
import skybatch.readers.syntax.Datetime;
import skybatch.writers.actor.AccountChanges;
import skybatch.writers.firehose.ParkedEvents;
import skybatch.writers.firehose.ParkedEvents.Parked;
import skybatch.writers.firehose.RepoState;
import skybatch.writers.firehose.RepoStates;
import skybatch.writers.firehose.TailPosition;
import skybatch.writers.firehose.TailPositions;
import skybatch.writers.quarantine.QuarantinedInput;
import skybatch.writers.record.ChangeSet;
import skybatch.writers.record.IndexedChange;
import skybatch.writers.record.RecordChange;
import skybatch.writers.record.RecordChangeWriter;
import skybatch.writers.record.RecordIndexer;
import skybatch.writers.record.RecordTablesWriter.RepoCommit;
import skybatch.writers.record.Rows.LikeRow;
import skybatch.writers.record.Rows.PostRow;
import skybatch.writers.record.Rows.QuoteRow;
import skybatch.writers.record.Rows.RepostRow;

/**
 * Applies a chunk of events in journal order, in the chunk's transaction, with the journal position after its last
 * entry: so a restart after a crash neither loses nor repeats an event. Each repository's state (its stored rev
 * and MST root, whether it is being backfilled, desynchronized or inactive) is read once per chunk and carried
 * from event to event.
 *
 * <ul>
 *   <li>{@code #commit}: its repository being backfilled or desynchronized, parked (released, and applied first,
 *       once a backfill has written the repository); not newer than the stored rev, nothing (stale); a
 *       {@code since} after the stored rev, a {@code prevData} other than the stored root, or blocks missing, the
 *       repository is desynchronized (its events wait for a backfill); an inactive account's, not applied;
 *       else its operations become {@link RecordChange}s through the same indexer and writer as the backfill's,
 *       with {@code actor_sync}, and an {@code actor} row for a new DID (whose older records are then due for a
 *       backfill, if so set).</li>
 *   <li>{@code #sync}: not newer, nothing; to the stored root, the rev moves; else the repository is
 *       desynchronized.</li>
 *   <li>{@code #identity}: its cached identity answers go, its key is looked up again, its handle check is due.</li>
 *   <li>{@code #account}: {@code upstreamStatus} as the app-view sets it; {@code deleted} removes the account's
 *       records and its {@code actor} row.</li>
 * </ul>
 * Once a chunk's records are written, the gate and validity flags of its posts, the notifications of its records
 * and the counts they change are derived ({@link LiveDerivations}), as the app-view's indexer leaves them after each
 * event.
 */
public class EventApplier implements ItemWriter<LiveBatch> {

    private static final Logger log = LoggerFactory.getLogger(EventApplier.class);
    private static final Set<String> INACTIVE = Set.of("deactivated", "suspended", "takendown");

    private final String journal;
    private final Long jobExecutionId;
    private final RecordIndexer indexer;
    private final RecordChangeWriter records;
    private final RepoStates repos;
    private final AccountChanges accounts;
    private final ParkedEvents parked;
    private final TailPositions positions;
    private final RepoKeys keys;
    private final TailMetrics metrics;
    private final boolean backfillNewRepos;
    private final Consumer<Long> afterCommit;
    private final EventDecoder decoder;
    private final Function<Long, Optional<JournalEntry>> parkedEntries;
    private final LiveDerivations derivations;

    /**
     * @param afterCommit given the journal index each committed chunk ended at (the journal releases what is
     *     older)
     * @param decoder decodes parked events again when they are released
     * @param parkedEntries the journal's entry at an index
     * @param derivations the flags, notifications and counts of the records a chunk wrote or removed
     */
    public EventApplier(String journal, Long jobExecutionId, RecordChangeWriter records, RepoStates repos,
            AccountChanges accounts, ParkedEvents parked, TailPositions positions, RepoKeys keys,
            TailMetrics metrics, boolean backfillNewRepos, Consumer<Long> afterCommit, EventDecoder decoder,
            Function<Long, Optional<JournalEntry>> parkedEntries, LiveDerivations derivations) {
        this.journal = journal;
        this.jobExecutionId = jobExecutionId;
        this.indexer = new RecordIndexer(jobExecutionId);
        this.records = records;
        this.repos = repos;
        this.accounts = accounts;
        this.parked = parked;
        this.positions = positions;
        this.keys = keys;
        this.metrics = metrics;
        this.backfillNewRepos = backfillNewRepos;
        this.afterCommit = afterCommit;
        this.decoder = decoder;
        this.parkedEntries = parkedEntries;
        this.derivations = derivations;
    }

    @Override
    public void write(Chunk<? extends LiveBatch> chunk) throws Exception {
        for (LiveBatch batch : chunk) {
            List<LiveEvent> events = new ArrayList<>(released());
            events.addAll(batch.events());
            if (!events.isEmpty()) {
                apply(events, batch.events().isEmpty() ? null : batch.events().get(batch.events().size() - 1).entry());
            }
        }
    }

    /** The parked events whose repositories no longer wait, read again from the journal: older, they go first. */
    private List<LiveEvent> released() {
        List<LiveEvent> events = new ArrayList<>();
        for (Parked event : parked.takeReleased(journal)) {
            Optional<JournalEntry> entry = parkedEntries.apply(event.entryIndex());
            if (entry.isEmpty()) {
                log.warn("{}: parked event seq {} is no longer in the journal (released by retention)", event.did(),
                        event.seq());
                continue;
            }
            events.add(decoder.decode(entry.get()));
        }
        return events;
    }

    /** @param last the batch's last journal entry, where the position moves; null when the batch was empty */
    private void apply(List<LiveEvent> events, JournalEntry last) throws Exception {
        Set<String> dids = new LinkedHashSet<>();
        for (LiveEvent event : events) {
            if (event instanceof LiveEvent.OfRepo ofRepo) {
                dids.add(ofRepo.did());
            }
        }
        Gathered state = new Gathered(repos.load(dids));
        for (LiveEvent event : events) {
            state.outcomes.merge(apply(state, event), 1, Integer::sum);
        }
        state.flush();
        state.derive();
        if (last != null) {
            positions.save(journal, new TailPosition(last.index(), last.seq(), last.receivedAt()));
        }
        List<Instant> receivedAts = events.stream().map(e -> e.entry().receivedAt()).toList();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                state.outcomes.forEach(metrics::count);
                if (last != null) {
                    metrics.committed(last.seq(), receivedAts);
                    afterCommit.accept(last.index());
                }
            }
        });
    }

    private Outcome apply(Gathered state, LiveEvent event) throws Exception {
        if (event instanceof Commit commit) {
            return commit(state, commit);
        } else if (event instanceof Sync sync) {
            return sync(state, sync);
        } else if (event instanceof IdentityChanged identity) {
            return identity(identity);
        } else if (event instanceof AccountStatus account) {
            return account(state, account);
        } else if (event instanceof Rejected rejected) {
            state.changes.quarantine(quarantine(rejected.entry(), rejected.did(), rejected.reason(),
                    Base64.getEncoder().encodeToString(rejected.entry().frame())));
            return Outcome.QUARANTINED;
        }
        return Outcome.IGNORED;
    }

    private Outcome commit(Gathered state, Commit commit) throws Exception {
        RepoState repo = state.repo(commit.did());
        if (repo.waiting()) {
            state.park(repo, commit);
            return Outcome.PARKED;
        }
        if (repo.rev() != null && commit.rev().compareTo(repo.rev()) <= 0) {
            return Outcome.STALE;
        }
        if (repo.upstreamStatus() != null) {
            return Outcome.INACTIVE;
        }
        String gap = gap(repo, commit);
        if (gap != null) {
            state.park(state.desynchronize(repo, commit.entry(), gap), commit);
            return Outcome.DESYNCHRONIZED;
        }
        if (commit.ops().stream().anyMatch(op -> state.derivedFrom(commit.did(), op))) {
            // what the chunk wrote before is derived as it stood when those records arrived
            state.flush();
            state.derive();
        }
        String indexedAt = Datetime.of(Instant.now()).value();
        for (Op op : commit.ops()) {
            RecordChange change = op.action().equals("delete") ? new RecordChange.Delete(commit.did(), op.path())
                    : new RecordChange.Put(commit.did(), op.path(), op.cid(), op.bytes(), op.action().equals("update"),
                            indexedAt);
            IndexedChange indexed = indexer.index(change, "firehose", "seq " + commit.entry().seq() + " " + op.path());
            state.changes.add(indexed);
            state.derive(indexed);
        }
        state.changes.sync(new RepoCommit(commit.did(), commit.commitCid(), commit.rev()));
        if (!repo.actorKnown()) {
            state.newActors.add(commit.did());
        }
        RepoState next = repo.withCommit(commit.rev(), commit.dataCid());
        state.put(backfillNewRepos && repo.isNew() ? next.wantBackfill() : next, commit.entry());
        return Outcome.APPLIED;
    }

    /** Why a commit does not follow from the stored state, or null when it does. */
    private static String gap(RepoState repo, Commit commit) {
        if (commit.missingBlocks()) {
            return "seq " + commit.entry().seq() + ": the blocks of its records are missing";
        }
        if (repo.dataCid() != null && commit.prevData() != null && !commit.prevData().equals(repo.dataCid())) {
            return "seq " + commit.entry().seq() + ": prevData " + commit.prevData() + " is not the stored root "
                    + repo.dataCid();
        }
        if (repo.rev() != null && commit.since() != null && commit.since().compareTo(repo.rev()) > 0) {
            return "seq " + commit.entry().seq() + ": it follows rev " + commit.since() + ", the stored rev is "
                    + repo.rev();
        }
        return null;
    }

    private Outcome sync(Gathered state, Sync sync) {
        RepoState repo = state.repo(sync.did());
        if (repo.waiting()) {
            state.park(repo, sync);
            return Outcome.PARKED;
        }
        if (repo.rev() != null && sync.rev().compareTo(repo.rev()) <= 0) {
            return Outcome.STALE;
        }
        if (sync.dataCid().equals(repo.dataCid())) {
            state.changes.sync(new RepoCommit(sync.did(), sync.commitCid(), sync.rev()));
            state.put(repo.withCommit(sync.rev(), sync.dataCid()), sync.entry());
            return Outcome.APPLIED;
        }
        state.park(state.desynchronize(repo, sync.entry(), "seq " + sync.entry().seq() + ": #sync to root "
                + sync.dataCid() + ", the stored root is " + repo.dataCid()), sync);
        return Outcome.DESYNCHRONIZED;
    }

    private Outcome identity(IdentityChanged identity) {
        accounts.identityChanged(identity.did());
        keys.forget(identity.did());
        return Outcome.APPLIED;
    }

    private Outcome account(Gathered state, AccountStatus account) throws Exception {
        RepoState repo = state.repo(account.did());
        // what the chunk gathered before goes first, derived as it stood: the actor row a commit creates, the records a
        // deletion removes
        state.flush();
        state.derive();
        if (account.active()) {
            accounts.setUpstreamStatus(account.did(), null);
            state.put(repo.withUpstreamStatus(null), account.entry());
        } else if ("deleted".equals(account.status())) {
            records.removeRepository(account.did());
            accounts.deleteActor(account.did());
            state.put(repo.withUpstreamStatus("deleted"), account.entry());
        } else if (INACTIVE.contains(account.status())) {
            accounts.setUpstreamStatus(account.did(), account.status());
            state.put(repo.withUpstreamStatus(account.status()), account.entry());
        } else {
            log.info("seq {}: account {} has status {}, which the app-view does not record", account.entry().seq(),
                    account.did(), account.status());
            return Outcome.IGNORED;
        }
        return Outcome.APPLIED;
    }

    private QuarantinedInput quarantine(JournalEntry entry, String did, String reason, String raw) {
        return new QuarantinedInput(jobExecutionId, "firehose " + journal, "seq " + entry.seq(), did, reason, raw);
    }

    /** What one chunk has gathered so far, and each repository's state as its events leave it. */
    private final class Gathered {
        private final Map<String, RepoState> states;
        private final Map<String, RepoState> changed = new HashMap<>();
        private final Map<String, String> reasons = new HashMap<>();
        private final Map<String, Long> seqs = new HashMap<>();
        private final Set<String> newActors = new LinkedHashSet<>();
        /** The records written or removed: their flags, notifications and counts are derived again. */
        private final Set<String> derive = new LinkedHashSet<>();
        /** The posts that records of {@link #derive} reply to or quote: what their derivation reads. */
        private final Set<String> referenced = new HashSet<>();
        /** The posts that records of {@link #derive} like or repost: their derivation reads them only for mutes. */
        private final Set<String> liked = new HashSet<>();
        /** Whether the derivation of likes and reposts reads their posts, once asked in this chunk. */
        private Boolean likedPostsRead;
        /** Whether {@link #derive} holds a reply or a quote: a gate's follow and list rules judge them. */
        private boolean judged;
        private final List<Parked> toPark = new ArrayList<>();
        private final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        private ChangeSet changes = new ChangeSet();

        Gathered(Map<String, RepoState> states) {
            this.states = states;
        }

        RepoState repo(String did) {
            return states.get(did);
        }

        void put(RepoState state, JournalEntry entry) {
            states.put(state.did(), state);
            changed.put(state.did(), state);
            seqs.put(state.did(), entry.seq());
        }

        RepoState desynchronize(RepoState repo, JournalEntry entry, String reason) {
            log.warn("{} desynchronized: {}", repo.did(), reason);
            RepoState desynchronized = repo.desynchronize();
            put(desynchronized, entry);
            reasons.put(repo.did(), reason);
            return desynchronized;
        }

        /** The event waits for its repository's backfill, and so do the repository's later events. */
        void park(RepoState repo, LiveEvent.OfRepo event) {
            toPark.add(new Parked(event.did(), event.entry().index(), event.entry().seq()));
            states.put(repo.did(), repo.withParked());
        }

        /** A record of the chunk whose flags, notifications and counts are to be derived. */
        void derive(IndexedChange change) {
            derive.add(change.uri());
            if (change instanceof IndexedChange.Indexed indexed) {
                for (Record row : indexed.record().rows()) {
                    if (row instanceof PostRow post && post.replyParent() != null) {
                        referenced.add(post.replyParent());
                        referenced.add(post.replyRoot());
                        judged = true;
                    } else if (row instanceof QuoteRow quote) {
                        referenced.add(quote.subject());
                        judged = true;
                    } else if (row instanceof LikeRow like) {
                        liked.add(like.subject());
                    } else if (row instanceof RepostRow repost) {
                        liked.add(repost.subject());
                    }
                }
            }
        }

        /**
         * Whether {@code op} changes what a record gathered before it is derived from: an update or delete of a post
         * it replies to or quotes, or of such a post's gate; of a post it likes or reposts while a thread mute exists
         * ({@link LiveDerivations#readsLikedPosts}); of a follow or list item while a reply or quote waits (the
         * gates' rules read them).
         */
        boolean derivedFrom(String did, Op op) {
            if (op.action().equals("create")) {
                return false;
            }
            String[] path = op.path().split("/", 2);
            return switch (path[0]) {
                case "app.bsky.feed.post" -> path.length == 2 && (referenced.contains(post(did, path[1]))
                        || liked.contains(post(did, path[1])) && likedPostsRead());
                case "app.bsky.feed.threadgate", "app.bsky.feed.postgate" ->
                        path.length == 2 && referenced.contains(post(did, path[1]));
                case "app.bsky.graph.follow", "app.bsky.graph.listitem" -> judged;
                default -> false;
            };
        }

        /** The post a post, thread gate or post gate of this record key is or governs. */
        private static String post(String did, String rkey) {
            return AtUri.text(did, "app.bsky.feed.post/" + rkey);
        }

        private boolean likedPostsRead() {
            if (likedPostsRead == null) {
                likedPostsRead = derivations.readsLikedPosts();
            }
            return likedPostsRead;
        }

        /** Derives the flags, notifications and counts of the records written so far (once flushed). */
        void derive() throws Exception {
            derivations.write(derive);
            derive.clear();
            referenced.clear();
            liked.clear();
            judged = false;
        }

        /** Writes what is gathered, so that what follows sees it. */
        void flush() throws Exception {
            records.write(changes);
            changes = new ChangeSet();
            accounts.ensureActors(newActors, Datetime.of(Instant.now()).value());
            newActors.clear();
            repos.save(changed.values(), reasons, seqs);
            changed.clear();
            parked.park(journal, toPark);
            toPark.clear();
        }
    }
}
