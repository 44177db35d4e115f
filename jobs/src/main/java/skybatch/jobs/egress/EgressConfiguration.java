package skybatch.jobs.egress;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import skybatch.jobs.SkybatchProperties;
import skybatch.readers.net.AddressPolicy;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.net.HostResolver;

/**
 * The egress guard every job's HTTP and WebSocket clients connect through (PDS sync, the PLC export, firehose and
 * labelers): public addresses, and the ranges of {@code SKYBATCH_ALLOW_ADDRESSES}. Identity resolution has its own,
 * resolving with its DNS servers (see {@code IdentityNetwork}).
 */
@Configuration(proxyBeanMethods = false)
public class EgressConfiguration {

    /** The setting's name before it covered every client; refusing it beats silently contacting nothing. */
    private static final String FORMER_SETTING = "skybatch.identity.allow-addresses";

    @Bean(destroyMethod = "close")
    EgressGuard egressGuard(SkybatchProperties properties, Environment environment) {
        if (environment.containsProperty(FORMER_SETTING)) {
            throw new IllegalStateException("SKYBATCH_IDENTITY_ALLOW_ADDRESSES is now SKYBATCH_ALLOW_ADDRESSES, for "
                    + "every outbound client: rename the setting");
        }
        return EgressGuard.start(addressPolicy(properties), HostResolver.system());
    }

    public static AddressPolicy addressPolicy(SkybatchProperties properties) {
        return AddressPolicy.publicOnly().allowing(properties.allowAddresses().toArray(String[]::new));
    }
}
