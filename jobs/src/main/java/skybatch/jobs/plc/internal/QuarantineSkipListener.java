package skybatch.jobs.plc.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.SkipListener;
import skybatch.readers.plc.PlcExportLine;
import skybatch.readers.plc.PlcOperation;
import skybatch.writers.quarantine.QuarantineRepository;
import skybatch.writers.quarantine.QuarantinedInput;

/** Puts each skipped line of the export into the quarantine table, in the chunk's transaction, and logs it. */
public class QuarantineSkipListener implements SkipListener<PlcExportLine, PlcOperation> {

    private static final Logger log = LoggerFactory.getLogger(QuarantineSkipListener.class);
    /** Names the DID of a line that did not parse, when its text still shows one. */
    private static final Pattern DID_FIELD = Pattern.compile("\"did\"\\s*:\\s*\"([^\"]{1,2048})\"");

    private final QuarantineRepository quarantine;
    private final Long jobExecutionId;

    public QuarantineSkipListener(QuarantineRepository quarantine, Long jobExecutionId) {
        this.quarantine = quarantine;
        this.jobExecutionId = jobExecutionId;
    }

    @Override
    public void onSkipInProcess(PlcExportLine line, Throwable cause) {
        Matcher did = DID_FIELD.matcher(line.raw());
        log.warn("quarantined {} {}: {}", line.source(), line.position(), QuarantineRepository.forLog(line.problem()));
        quarantine.add(new QuarantinedInput(jobExecutionId, line.source(), line.position(),
                did.find() ? did.group(1) : null, line.problem(), line.raw()));
    }
}
