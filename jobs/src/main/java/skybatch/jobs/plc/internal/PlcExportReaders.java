package skybatch.jobs.plc.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import skybatch.jobs.SkybatchProperties;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.plc.DidPartition;
import skybatch.readers.plc.FileIdentity;
import skybatch.readers.plc.PlcExportClient;
import skybatch.readers.plc.PlcExportFileReader;
import skybatch.readers.plc.PlcExportPageReader;
import skybatch.readers.plc.PlcExportReader;
import skybatch.readers.support.StopRequest;

/** Picks the reader for a {@code --source}: {@code -} is stdin, http(s) a PLC directory, anything else a file. */
public final class PlcExportReaders {

    private PlcExportReaders() {}

    /**
     * @param identity the file's {@link FileIdentity} when the import began; null: not checked (a URL, stdin, or a
     *     launch that did not record one)
     * @param stop when a read from a URL is to give up its retries
     */
    public static PlcExportReader forSource(String source, String identity, String after, DidPartition partition,
            SkybatchProperties.Plc settings, EgressGuard egressGuard, StopRequest stop) throws IOException {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("job parameter 'source' is required");
        }
        if (source.equals("-")) {
            return PlcExportFileReader.forStdin();
        }
        if (source.startsWith("http://") || source.startsWith("https://")) {
            PlcExportClient client = new PlcExportClient(URI.create(source), egressGuard, settings.httpTimeout(),
                    PlcExportClient.defaultRetryPolicy(), stop);
            return new PlcExportPageReader(client, settings.pageSize(), after);
        }
        Path path = Path.of(source);
        if (Files.isDirectory(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("cannot read export file " + path.toAbsolutePath()
                    + (Files.isDirectory(path) ? ": it is a directory" : ""));
        }
        if (identity != null) {
            FileIdentity.requireSame(path, identity);
        }
        return PlcExportFileReader.forPath(path, partition);
    }
}
