package skybatch.bench.plc;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a synthetic PLC export in the legacy line format with the shapes of the real one: mostly genesis
 * {@code plc_operation}s, some legacy {@code create}s, handle changes and PDS moves on existing DIDs, nullified
 * operations followed by the one that replaced them, and tombstones. Deterministic for a seed.
 *
 * <p>Usage: {@code SyntheticPlcExport <operations> <out.jsonl[.gz]> [seed]}
 */
public final class SyntheticPlcExport {

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String[] PDS_HOSTS = {"amanita", "boletus", "chanterelle", "enoki", "morel", "oyster",
            "porcini", "shiitake"};

    private final SplittableRandom random;
    private final List<String> dids = new ArrayList<>();
    private long clock = Instant.parse("2023-04-01T00:00:00Z").toEpochMilli();

    private SyntheticPlcExport(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: SyntheticPlcExport <operations> <out.jsonl[.gz]> [seed]");
            System.exit(2);
        }
        long operations = Long.parseLong(args[0]);
        Path out = Path.of(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        write(operations, out, seed);
        System.out.println("wrote " + operations + " operations to " + out);
    }

    public static void write(long operations, Path out, long seed) throws IOException {
        OutputStream stream = Files.newOutputStream(out);
        if (out.toString().endsWith(".gz")) {
            stream = new GZIPOutputStream(stream, 1 << 16);
        }
        try (Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
            new SyntheticPlcExport(seed).writeTo(writer, operations);
        }
    }

    private void writeTo(Writer out, long operations) throws IOException {
        long written = 0;
        while (written < operations) {
            clock += 1 + random.nextInt(40);
            int kind = random.nextInt(1000);
            if (dids.isEmpty() || kind < 650) {
                String did = "did:plc:" + chars(BASE32, 24);
                dids.add(did);
                out.write(line(did, kind < 20 ? legacyCreate() : operation(did), false));
            } else if (kind < 990 || written + 2 > operations) {
                out.write(line(existingDid(), operation(null), false));
            } else if (kind < 995) {
                String did = existingDid();
                out.write(line(did, operation(null), true));
                clock += 1;
                out.write(line(did, operation(null), false));
                written++;
            } else {
                out.write(line(existingDid(), tombstone(), false));
            }
            written++;
        }
    }

    private String existingDid() {
        // recent accounts change most, as in the real directory
        int index = dids.size() - 1 - (int) Math.min(dids.size() - 1, Math.abs(random.nextGaussian()) * 5000);
        return dids.get(index);
    }

    private String line(String did, String operation, boolean nullified) {
        return "{\"did\":\"" + did + "\",\"operation\":" + operation + ",\"cid\":\"" + cid() + "\",\"nullified\":"
                + nullified + ",\"createdAt\":\"" + Instant.ofEpochMilli(clock) + "\"}\n";
    }

    private String operation(String genesisDid) {
        String prev = genesisDid != null ? "null" : "\"" + cid() + "\"";
        String handle = "user" + Long.toString(random.nextLong(1L << 40), 36) + ".bsky.social";
        return "{\"sig\":\"" + chars(BASE64URL, 86) + "\",\"prev\":" + prev
                + ",\"type\":\"plc_operation\",\"services\":{\"atproto_pds\":{\"type\":\"AtprotoPersonalDataServer\","
                + "\"endpoint\":\"https://" + PDS_HOSTS[random.nextInt(PDS_HOSTS.length)] + ".us-east.host.bsky.network\"}},"
                + "\"alsoKnownAs\":[\"at://" + handle + "\"],\"rotationKeys\":[\"" + didKey() + "\",\"" + didKey()
                + "\"],\"verificationMethods\":{\"atproto\":\"" + didKey() + "\"}}";
    }

    private String legacyCreate() {
        return "{\"sig\":\"" + chars(BASE64URL, 86) + "\",\"prev\":null,\"type\":\"create\",\"handle\":\"user"
                + Long.toString(random.nextLong(1L << 40), 36) + ".bsky.social\",\"service\":\"https://bsky.social\","
                + "\"signingKey\":\"" + didKey() + "\",\"recoveryKey\":\"" + didKey() + "\"}";
    }

    private String tombstone() {
        return "{\"sig\":\"" + chars(BASE64URL, 86) + "\",\"prev\":\"" + cid() + "\",\"type\":\"plc_tombstone\"}";
    }

    private String didKey() {
        return "did:key:zQ3sh" + chars(BASE58, 44);
    }

    private String cid() {
        return "bafyrei" + chars(BASE32, 52);
    }

    private String chars(String alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(out);
    }
}
