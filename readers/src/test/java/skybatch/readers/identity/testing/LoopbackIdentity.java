package skybatch.readers.identity.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import skybatch.readers.identity.IdentityConfig;
import skybatch.readers.identity.IdentityNetwork;

/**
 * A test's loopback internet and the identity networks it opens over it, as a JUnit extension: the internet starts
 * before each test, and it and every network closes after it.
 * {@code @RegisterExtension final LoopbackIdentity loopback = new LoopbackIdentity();}
 */
public final class LoopbackIdentity implements BeforeEachCallback, AfterEachCallback {

    private LoopbackInternet internet;
    private IdentityNetwork network;
    private final List<IdentityNetwork> opened = new ArrayList<>();

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        internet = LoopbackInternet.start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        for (IdentityNetwork each : opened) {
            each.close();
        }
        opened.clear();
        network = null;
        internet.close();
    }

    public LoopbackInternet internet() {
        return internet;
    }

    /** The test's network with the loopback internet's own configuration, opened on first use. */
    public IdentityNetwork network() {
        if (network == null) {
            network = network(internet.config());
        }
        return network;
    }

    /** A further network, with {@code config}, closed after the test. */
    public IdentityNetwork network(IdentityConfig config) {
        IdentityNetwork created = IdentityNetwork.create(config);
        opened.add(created);
        return created;
    }
}
