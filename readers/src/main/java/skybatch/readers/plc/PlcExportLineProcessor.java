package skybatch.readers.plc;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Passes a line's operation on, or raises its problem so the step skips and quarantines the line. */
public class PlcExportLineProcessor implements ItemProcessor<PlcExportLine, PlcOperation> {

    @Override
    public PlcOperation process(PlcExportLine line) {
        if (line.problem() != null) {
            throw new InvalidPlcLineException(line);
        }
        return line.operation();
    }
}
