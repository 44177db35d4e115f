package skybatch.jobs.backfill.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import skybatch.jobs.operations.StepStops;
import skybatch.readers.pds.ListReposPage;
import skybatch.readers.pds.ListedRepo;
import skybatch.readers.pds.ListingCursors;
import skybatch.readers.pds.PdsClient;
import skybatch.readers.syntax.Did;
import skybatch.writers.backfill.BackfillQueue;
import skybatch.writers.firehose.RepoStates;
import skybatch.writers.backfill.Listing;
import skybatch.writers.backfill.QueuedRepo;
import skybatch.writers.backfill.RepoStatus;
import skybatch.writers.quarantine.QuarantineRepository;
import skybatch.writers.quarantine.QuarantinedInput;

/**
 * Fills the queue with the run's repositories, one transaction per batch: each PDS's listRepos page by page (the
 * cursor saved with each page in {@code skybatch.backfill_listing}), or the given DIDs, or a DIDs file (the lines
 * done saved in the step's context), or the repositories the firehose tail found due (taken off its list in the
 * transaction that queues them), so a restart goes on from the last committed batch. A listed repository the
 * PDS says it does not serve is queued with that status; an invalid DID is quarantined.
 */
public class RepoEnumerationTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(RepoEnumerationTasklet.class);
    private static final int DID_BATCH = 10_000;
    private static final String LINES_DONE = "backfill.didsFile.lines";

    private final BackfillSources sources;
    private final PdsClient client;
    private final BackfillQueue queue;
    private final QuarantineRepository quarantine;
    private final int pageSize;
    private final RepoStates firehoseRepos;
    private final StepStops stops;
    /** Per PDS listed in this step execution: a cursor answered twice fails the step rather than loop forever. */
    private final Map<URI, ListingCursors> cursors = new HashMap<>();

    public RepoEnumerationTasklet(BackfillSources sources, PdsClient client, BackfillQueue queue,
            QuarantineRepository quarantine, int pageSize, RepoStates firehoseRepos, StepStops stops) {
        this.sources = sources;
        this.client = client;
        this.queue = queue;
        this.quarantine = quarantine;
        this.pageSize = pageSize;
        this.firehoseRepos = firehoseRepos;
        this.stops = stops;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        long run = step.getJobExecution().getJobInstance().getInstanceId();
        for (URI pds : sources.pdses()) {
            Listing listing = queue.listing(run, pds.toString());
            if (!listing.finished()) {
                listNextPage(run, pds, listing, step, contribution);
                return RepeatStatus.CONTINUABLE;
            }
        }
        if (!sources.dids().isEmpty() && step.getExecutionContext().getInt(LINES_DONE, -1) < 0) {
            enqueueDids(run, sources.dids(), "--did", 0, step.getJobExecutionId(), contribution);
            step.getExecutionContext().putInt(LINES_DONE, 0);
        }
        if (sources.firehoseDue()) {
            List<String> due = firehoseRepos.takeBackfillDue(DID_BATCH);
            queue.enqueueDids(run, due);
            contribution.incrementWriteCount(due.size());
            if (due.size() == DID_BATCH) {
                return RepeatStatus.CONTINUABLE;
            }
        }
        if (sources.didsFile() != null) {
            return nextFileBatch(run, sources.didsFile(), step.getExecutionContext(), step.getJobExecutionId(),
                    contribution);
        }
        return RepeatStatus.FINISHED;
    }

    private void listNextPage(long run, URI pds, Listing listing, StepExecution step,
            StepContribution contribution) {
        long jobExecutionId = step.getJobExecutionId();
        ListReposPage page = client.listRepos(pds, listing.cursor(), pageSize, stops.of(step));
        cursors.computeIfAbsent(pds, p -> new ListingCursors(p, listing.cursor())).next(page.cursor());
        Map<RepoStatus, List<QueuedRepo>> byStatus = new EnumMap<>(RepoStatus.class);
        for (ListedRepo repo : page.repos()) {
            if (repo.did() == null || Did.tryParse(repo.did()).isEmpty()) {
                quarantine.add(new QuarantinedInput(jobExecutionId, "listRepos " + pds, "cursor " + listing.cursor(),
                        null, "listRepos names an invalid DID", String.valueOf(repo.did())));
                continue;
            }
            byStatus.computeIfAbsent(statusOf(repo), s -> new ArrayList<>())
                    .add(new QueuedRepo(repo.did(), pds.toString()));
        }
        byStatus.forEach((status, repos) -> queue.enqueue(run, repos, status,
                status == RepoStatus.PENDING ? null : "listRepos: " + status.value()));
        contribution.incrementWriteCount(page.repos().size());
        Listing next = new Listing(page.cursor(), page.cursor() == null, listing.listed() + page.repos().size());
        queue.saveListing(run, pds.toString(), next);
        if (next.finished()) {
            log.info("listed {} repositories of {}", next.listed(), pds);
        }
    }

    /** An inactive account is queued with its reason, except those getRepo may still serve. */
    private static RepoStatus statusOf(ListedRepo repo) {
        if (repo.active() || repo.status() == null) {
            return RepoStatus.PENDING;
        }
        return switch (repo.status()) {
            case "takendown", "suspended" -> RepoStatus.TAKENDOWN;
            case "deactivated" -> RepoStatus.DEACTIVATED;
            case "deleted" -> RepoStatus.NOTFOUND;
            default -> RepoStatus.PENDING;
        };
    }

    private RepeatStatus nextFileBatch(long run, Path file, ExecutionContext context, long jobExecutionId,
            StepContribution contribution) throws IOException {
        int done = Math.max(0, context.getInt(LINES_DONE, 0));
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            reader.lines().skip(done).limit(DID_BATCH).forEach(lines::add);
        }
        enqueueDids(run, lines, file.toString(), done, jobExecutionId, contribution);
        context.putInt(LINES_DONE, done + lines.size());
        return lines.size() < DID_BATCH ? RepeatStatus.FINISHED : RepeatStatus.CONTINUABLE;
    }

    private void enqueueDids(long run, List<String> lines, String source, int firstLine, long jobExecutionId,
            StepContribution contribution) {
        List<String> dids = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (Did.tryParse(line).isPresent()) {
                dids.add(line);
            } else {
                quarantine.add(new QuarantinedInput(jobExecutionId, source, "line " + (firstLine + i + 1), null,
                        "not a DID", line));
            }
        }
        queue.enqueueDids(run, dids);
        contribution.incrementWriteCount(dids.size());
    }
}
