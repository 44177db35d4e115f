package skybatch.jobs.egress;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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

    @Bean(destroyMethod = "close")
    EgressGuard egressGuard(SkybatchProperties properties) {
        return EgressGuard.start(addressPolicy(properties), HostResolver.system());
    }

    public static AddressPolicy addressPolicy(SkybatchProperties properties) {
        return AddressPolicy.publicOnly().allowing(properties.allowAddresses().toArray(String[]::new));
    }
}
