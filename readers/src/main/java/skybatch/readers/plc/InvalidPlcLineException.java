package skybatch.readers.plc;

/** A line of the PLC export that is not a well-formed operation. The message says what is wrong with it. */
public class InvalidPlcLineException extends RuntimeException {

    private final transient PlcExportLine line;

    public InvalidPlcLineException(String reason) {
        super(reason);
        this.line = null;
    }

    public InvalidPlcLineException(PlcExportLine line) {
        super(line.source() + " " + line.position() + ": " + line.problem());
        this.line = line;
    }

    /** The line, when the exception was raised for one; {@code null} while parsing. */
    public PlcExportLine line() {
        return line;
    }
}
