package skybatch.readers.plc;

/** How far a reader is through its source, for progress reports. */
public interface ReadProgress {

    /** Bytes read from the source as stored (before decompression). */
    long bytesRead();

    /** The source's size, or -1 when it is not known (standard input, the export endpoint). */
    long totalBytes();
}
