package skybatch.jobs.plc.internal;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import skybatch.jobs.SkybatchProperties;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.plc.DidPartition;
import skybatch.readers.plc.PlcExportClient;
import skybatch.readers.plc.PlcExportFileReader;
import skybatch.readers.plc.PlcExportPageReader;
import skybatch.readers.plc.PlcExportReader;

/** Picks the reader for a {@code --source}: {@code -} is stdin, http(s) a PLC directory, anything else a file. */
public final class PlcExportReaders {

    private PlcExportReaders() {}

    public static PlcExportReader forSource(String source, String after, DidPartition partition,
            SkybatchProperties.Plc settings, EgressGuard egressGuard) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("job parameter 'source' is required");
        }
        if (source.equals("-")) {
            return PlcExportFileReader.forStdin();
        }
        if (source.startsWith("http://") || source.startsWith("https://")) {
            PlcExportClient client = new PlcExportClient(URI.create(source), egressGuard, settings.httpTimeout(),
                    PlcExportClient.defaultRetryPolicy());
            return new PlcExportPageReader(client, settings.pageSize(), after);
        }
        Path path = Path.of(source);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("cannot read export file " + path.toAbsolutePath());
        }
        return PlcExportFileReader.forPath(path, partition);
    }
}
