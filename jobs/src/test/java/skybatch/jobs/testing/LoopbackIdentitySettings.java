package skybatch.jobs.testing;

import java.util.Arrays;
import java.util.stream.Stream;
import skybatch.readers.identity.testing.LoopbackInternet;

/** The settings that point the application's identity resolution at a {@link LoopbackInternet}. */
public final class LoopbackIdentitySettings {

    private LoopbackIdentitySettings() {}

    public static String[] of(LoopbackInternet internet, String... more) {
        return Stream.concat(Stream.of(
                "skybatch.identity.dns-servers=127.0.0.1:" + internet.dnsAddress().getPort(),
                "skybatch.identity.http-proxy=127.0.0.1:" + internet.httpAddress().getPort(),
                "skybatch.identity.http-scheme=http",
                "skybatch.allow-addresses=127.0.0.1",
                "skybatch.identity.plc-url=http://" + LoopbackInternet.PLC_HOST,
                "skybatch.identity.dns-timeout=1s",
                "skybatch.identity.http-timeout=1s"), Arrays.stream(more)).toArray(String[]::new);
    }
}
