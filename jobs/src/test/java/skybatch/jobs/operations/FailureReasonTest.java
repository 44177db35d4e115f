package skybatch.jobs.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.step.FatalStepExecutionException;
import org.springframework.batch.infrastructure.item.ItemStreamException;

class FailureReasonTest {

    /** The exit description Spring Batch writes for a throwable: its stack trace. */
    private static String exitDescription(Throwable failure) {
        return ExitStatus.FAILED.addExitDescription(failure).getExitDescription();
    }

    @Test
    void theInnermostCauseWithAMessageSaysWhat() {
        Throwable failure = new FatalStepExecutionException("Unable to process chunk",
                new IllegalStateException("Skip policy rejected skipping item",
                        new ItemStreamException("reading export.jsonl.gz after byte 30000: EOFException",
                                new EOFException())));

        assertThat(FailureReason.of(exitDescription(failure)))
                .hasValue("reading export.jsonl.gz after byte 30000: EOFException");
    }

    @Test
    void aWrapperThatRepeatsItsCausesMessageSaysWhereItHappened() {
        Throwable failure = new FatalStepExecutionException("Unable to process chunk",
                new ItemStreamException("reading export.jsonl.gz after byte 30000: EOFException (at byte 29000 of the"
                        + " compressed input)", new IOException("EOFException (at byte 29000 of the compressed input)",
                                new EOFException())));

        assertThat(FailureReason.of(exitDescription(failure))).hasValue(
                "reading export.jsonl.gz after byte 30000: EOFException (at byte 29000 of the compressed input)");
    }

    @Test
    void aFailureWithoutCausesIsItsOwnMessage() {
        assertThat(FailureReason.of(exitDescription(new IllegalArgumentException("there is no job execution 7"))))
                .hasValue("there is no job execution 7");
    }

    @Test
    void textThatIsNoStackTraceIsTakenByItsFirstLine() {
        assertThat(FailureReason.of("stopped by an operator\nsecond line")).hasValue("stopped by an operator");
        assertThat(FailureReason.of("")).isEmpty();
        assertThat(FailureReason.of((String) null)).isEmpty();
    }
}
