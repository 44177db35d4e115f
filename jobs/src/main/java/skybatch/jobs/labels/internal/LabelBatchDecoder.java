package skybatch.jobs.labels.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skybatch.jobs.firehose.internal.JournalBatch;
import skybatch.jobs.tail.CheckAheadReader;
import skybatch.jobs.tail.PendingBatch;
import skybatch.readers.cbor.AtprotoJsonWriter;
import skybatch.readers.firehose.Frame;
import skybatch.readers.firehose.InvalidFrameException;
import skybatch.readers.firehose.JournalEntry;
import skybatch.readers.firehose.ingest.RejectedMessage;
import skybatch.readers.labels.InvalidLabelException;
import skybatch.readers.labels.Label;
import skybatch.readers.labels.LabelDecoder;
import skybatch.readers.syntax.AtUri;
import skybatch.writers.label.LabelRow;
import skybatch.writers.quarantine.QuarantinedInput;

/**
 * Checks a chunk of a labeler's journal: each {@code #labels} message's labels through the {@link LabelDecoder}
 * (src, subject, datetimes, signature); {@code #info} messages are logged; whatever cannot be applied (a frame that
 * does not decode, another message type, a label that fails a check, and what the ingest left in the journal in
 * place of a message it could not journal: a {@link RejectedMessage}, oversized for one) is quarantined with the
 * labeler, the seq and the reason, and never stops the tail. A batch is checked on a thread of its own
 * ({@link #start}, for the {@link CheckAheadReader}) and on the common pool's, so that both cores check it while the
 * step writes the batch before.
 */
public class LabelBatchDecoder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LabelBatchDecoder.class);

    private final Labeler labeler;
    private final LabelDecoder decoder;
    private final Long jobExecutionId;
    private final ExecutorService checks;

    public LabelBatchDecoder(Labeler labeler, Long jobExecutionId) {
        this.labeler = labeler;
        this.decoder = new LabelDecoder(labeler.did(), labeler.key());
        this.jobExecutionId = jobExecutionId;
        String name = "label-checks-" + labeler.did();
        this.checks = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts checking a batch, and returns at once. */
    public PendingBatch<LabelBatch> start(JournalBatch batch) {
        return new PendingBatch<>(batch, CompletableFuture.supplyAsync(() -> process(batch), checks));
    }

    /** Checks no more batches; the one under way ends with the label it is on. */
    @Override
    public void close() {
        checks.shutdownNow();
    }

    /** Checks a batch on this thread and the common pool's. */
    LabelBatch process(JournalBatch batch) {
        // In journal order: a label to check, or what is quarantined already.
        List<Object> items = new ArrayList<>();
        for (JournalEntry entry : batch.entries()) {
            Frame frame;
            try {
                frame = Frame.decode(entry.frame());
            } catch (InvalidFrameException e) {
                items.add(quarantine(entry, null, e.getMessage(), Base64.getEncoder().encodeToString(entry.frame())));
                continue;
            }
            Optional<RejectedMessage> rejected = RejectedMessage.of(frame);
            if (rejected.isPresent()) {
                RejectedMessage message = rejected.get();
                items.add(new QuarantinedInput(jobExecutionId, source(), message.position(), null,
                        "the ingest did not journal the message (" + message.reason() + "): " + message.detail(),
                        Base64.getEncoder().encodeToString(message.prefix())));
                continue;
            }
            if ("#info".equals(frame.type())) {
                log.info("{}: #info {} at seq {}: {}", labeler.did(), frame.name(), entry.seq(), frame.message());
                continue;
            }
            try {
                LabelDecoder.labelsOf(frame).forEach(object -> items.add(new Unchecked(entry, object)));
            } catch (InvalidLabelException e) {
                items.add(quarantine(entry, null, e.getMessage(), AtprotoJsonWriter.toJson(frame.body())));
            }
        }
        // The signature checks are most of the work: on every core, the results kept in journal order.
        List<LabelRow> labels = new ArrayList<>();
        List<QuarantinedInput> quarantined = new ArrayList<>();
        for (Object checked : items.parallelStream()
                .map(item -> item instanceof Unchecked label ? check(label) : item).toList()) {
            if (checked instanceof LabelRow row) {
                labels.add(row);
            } else {
                quarantined.add((QuarantinedInput) checked);
            }
        }
        JournalEntry last = batch.entries().isEmpty() ? null : batch.entries().get(batch.entries().size() - 1);
        return new LabelBatch(labels, quarantined, last, batch.entries().size());
    }

    /** The label's row, or what to quarantine. */
    private Object check(Unchecked label) {
        try {
            return row(decoder.decode(label.object()));
        } catch (InvalidLabelException e) {
            return quarantine(label.entry(), subjectDid(label.object()), e.getMessage(),
                    AtprotoJsonWriter.toJson(label.object()));
        }
    }

    private record Unchecked(JournalEntry entry, Map<String, Object> object) {}

    private static LabelRow row(Label label) {
        return new LabelRow(label.src().value(), label.subject(), label.cid(), label.val(), label.neg(),
                label.cts().value(), label.exp() == null ? null : label.exp().value());
    }

    private QuarantinedInput quarantine(JournalEntry entry, String did, String reason, String raw) {
        return new QuarantinedInput(jobExecutionId, source(), "seq " + entry.seq(), did, reason, raw);
    }

    private String source() {
        return "labeler " + labeler.did();
    }

    /** The DID a label is about, when it can be read: the account, or the record's repository. */
    private static String subjectDid(Map<String, Object> label) {
        if (!(label.get("uri") instanceof String uri)) {
            return null;
        }
        if (uri.startsWith("did:")) {
            return uri;
        }
        return AtUri.tryParse(uri).map(AtUri::authority).orElse(null);
    }
}
