package skybatch.jobs.labels;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One labeler as {@code /health} names it: whether its ingest is connected and how far the tail is behind.
 *
 * @param labeler     its DID
 * @param connected   whether its ingest (in whatever process) last said it was connected
 * @param receivedSeq the last seq its ingest journalled, or null
 * @param appliedSeq  the seq of the last entry the tail committed, or null
 * @param lagSeqs     received less applied seq
 * @param error       why the labeler could not be looked at (its DID document, say), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LabelerConnection(String labeler, boolean connected, Long receivedSeq, Long appliedSeq, long lagSeqs,
        String error) {}
