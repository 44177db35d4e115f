package skybatch.jobs.backfill.internal;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which repositories a run backfills, from its job parameters: those of PDSes, or DIDs given or in a file (their
 * PDS from their identity), or those the firehose tail found due (desynchronized, or first seen in the stream);
 * and which collections of them.
 */
public record BackfillSources(List<URI> pdses, List<String> dids, Path didsFile, boolean firehoseDue) {

    public static BackfillSources of(String pds, String dids, String didsFile, String firehoseDue) {
        BackfillSources sources = new BackfillSources(split(pds).stream().map(BackfillSources::pdsUrl).toList(),
                split(dids), didsFile == null || didsFile.isBlank() ? null : Path.of(didsFile),
                "true".equalsIgnoreCase(firehoseDue));
        if (sources.pdses.isEmpty() && sources.dids.isEmpty() && sources.didsFile == null && !sources.firehoseDue) {
            throw new IllegalArgumentException("a backfill needs PDS hosts, DIDs, a DIDs file or the firehose's due"
                    + " repositories");
        }
        if (sources.didsFile != null && !Files.isReadable(sources.didsFile)) {
            throw new IllegalArgumentException("cannot read DIDs file " + sources.didsFile.toAbsolutePath());
        }
        return sources;
    }

    /** A host ({@code pds.example.com}, meaning https) or a base URL. */
    public static URI pdsUrl(String host) {
        String url = host.contains("://") ? host : "https://" + host;
        URI uri = URI.create(url.replaceAll("/+$", ""));
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("not a PDS host or http(s) URL: " + host);
        }
        return uri;
    }

    /** Whether a collection is one of {@code collections} (comma-separated NSIDs; none: every collection). */
    public static Predicate<String> collectionFilter(String collections) {
        Set<String> names = Set.copyOf(split(collections));
        return names.isEmpty() ? collection -> true : names::contains;
    }

    private static List<String> split(String list) {
        return list == null ? List.of()
                : Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .collect(Collectors.toList());
    }
}
