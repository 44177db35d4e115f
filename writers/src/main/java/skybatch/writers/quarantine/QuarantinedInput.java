package skybatch.writers.quarantine;

/**
 * One piece of input a job could not use.
 *
 * @param position where in the source: "line 12", "after=CURSOR #3", a byte offset, a record path
 * @param did the DID concerned, when known
 * @param raw the input itself, cut to {@link QuarantineRepository#MAX_RAW_CHARS}
 */
public record QuarantinedInput(Long jobExecutionId, String source, String position, String did, String reason,
        String raw) {}
