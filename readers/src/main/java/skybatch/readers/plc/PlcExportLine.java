package skybatch.readers.plc;

/**
 * A line of the export as a reader saw it: where it was, its text, and either the operation it holds or the
 * reason it holds none. Readers parse ahead so that parsing overlaps database writes; the step's processor
 * ({@link PlcExportLineProcessor}) turns a problem into an exception so that Spring Batch skips and counts it.
 *
 * @param position "line N" in a file, "after=CURSOR #N" in a page of the export endpoint
 * @param raw the line's text; from a file, only that of a line without an operation (the quarantine keeps it), null
 *     for the others, so that the lines a chunk holds do not hold their text too
 */
public record PlcExportLine(String source, String position, String raw, PlcOperation operation, String problem) {

    /** A line as {@link LineReader#next()} read it: parsed when it is usable text, else with the reader's problem. */
    static PlcExportLine read(String source, String position, LineReader.Line line, PlcLineParser parser) {
        return line.problem() != null ? new PlcExportLine(source, position, line.text(), null, line.problem())
                : parsed(source, position, line.text(), parser);
    }

    /**
     * A line of a file as {@link LineReader#next(DidPartition)} gave it: parsed when it is usable text (from its
     * bytes, when they are ASCII), else with the reader's problem; its text kept only if it holds no operation.
     */
    static PlcExportLine ofFile(String source, String position, LineReader lines, LineReader.Line line,
            PlcLineParser parser) {
        if (line.problem() != null) {
            return read(source, position, line, parser);
        }
        PlcOperation scanned = line.text() == null ? parser.scan(lines.bytes(), lines.length()) : null;
        if (scanned != null) {
            return new PlcExportLine(source, position, null, scanned, null);
        }
        PlcExportLine parsed = parsed(source, position, line.text() == null ? lines.text() : line.text(), parser);
        return parsed.operation() != null ? new PlcExportLine(source, position, null, parsed.operation(), null)
                : parsed;
    }

    static PlcExportLine parsed(String source, String position, String raw, PlcLineParser parser) {
        try {
            return new PlcExportLine(source, position, raw, parser.parse(raw), null);
        } catch (InvalidPlcLineException e) {
            return new PlcExportLine(source, position, raw, null, e.getMessage());
        }
    }
}
