package skybatch.readers.car;

import java.io.IOException;

/** A CAR file that is malformed, truncated or whose blocks do not match their CIDs. */
public class CarException extends IOException {

    private final long offset;

    public CarException(String problem, long offset) {
        super(problem + " at byte offset " + offset);
        this.offset = offset;
    }

    public CarException(String problem, long offset, Throwable cause) {
        super(problem + " at byte offset " + offset, cause);
        this.offset = offset;
    }

    /** Offset in the CAR file (the outer file for CARv2) where the fault was found. */
    public long offset() {
        return offset;
    }
}
