package skybatch.readers.plc;

/**
 * A line of the export as a reader saw it: where it was, its text, and either the operation it holds or the
 * reason it holds none. Readers parse ahead so that parsing overlaps database writes; the step's processor
 * ({@link PlcExportLineProcessor}) turns a problem into an exception so that Spring Batch skips and counts it.
 *
 * @param position "line N" in a file, "after=CURSOR #N" in a page of the export endpoint
 */
public record PlcExportLine(String source, String position, String raw, PlcOperation operation, String problem) {

    /** A line as {@link LineReader} read it: parsed when it is usable text, else with the reader's problem. */
    static PlcExportLine read(String source, String position, LineReader.Line line, PlcLineParser parser) {
        return line.problem() != null ? new PlcExportLine(source, position, line.text(), null, line.problem())
                : parsed(source, position, line.text(), parser);
    }

    static PlcExportLine parsed(String source, String position, String raw, PlcLineParser parser) {
        try {
            return new PlcExportLine(source, position, raw, parser.parse(raw), null);
        } catch (InvalidPlcLineException e) {
            return new PlcExportLine(source, position, raw, null, e.getMessage());
        }
    }
}
