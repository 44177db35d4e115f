package skybatch.jobs.identity;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import skybatch.jobs.SkybatchProperties;
import skybatch.jobs.egress.EgressConfiguration;
import skybatch.readers.identity.BasicDirectory;
import skybatch.readers.identity.IdentityConfig;
import skybatch.readers.identity.IdentityDirectory;
import skybatch.readers.identity.IdentityNetwork;
import skybatch.readers.identity.MeteredDirectory;
import skybatch.writers.actor.StoredIdentities;

/** The identity network, the directory {@code identity resolve} uses, and the stored identities and keys. */
@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    IdentityNetwork identityNetwork(SkybatchProperties properties) {
        return IdentityNetwork.create(config(properties.identity())
                .withAddresses(EgressConfiguration.addressPolicy(properties)));
    }

    @Bean
    StoredIdentities storedIdentities(DataSource dataSource, SkybatchProperties properties) {
        return new StoredIdentities(dataSource, properties.dataplaneSchema());
    }

    @Bean
    SigningKeys signingKeys(StoredIdentities storedIdentities) {
        return new SigningKeys(storedIdentities);
    }

    /** Local PLC documents first, then the network; metered; cached in the database. */
    @Bean
    CachedDirectory identityDirectory(IdentityNetwork network, StoredIdentities storedIdentities,
            DataSource dataSource, SkybatchProperties properties, MeterRegistry meters, Clock clock) {
        IdentityDirectory basic = new BasicDirectory(network.handles(),
                new LocalDocuments(storedIdentities).orElse(network.documents()));
        return new CachedDirectory(new MeteredDirectory(basic, meters), dataSource, properties.identity(), clock);
    }

    static IdentityConfig config(SkybatchProperties.Identity settings) {
        IdentityConfig config = IdentityConfig.defaults().withPlcUrl(settings.plcUrl());
        if (!settings.dnsServers().isEmpty()) {
            config = config.withDns(new IdentityConfig.Dns(settings.dnsServers().stream()
                    .map(IdentityConfiguration::address).toList(), settings.dnsTimeout()));
        } else {
            config = config.withDns(IdentityConfig.Dns.system().withTimeout(settings.dnsTimeout()));
        }
        IdentityConfig.Http http = config.http().withTimeout(settings.httpTimeout())
                .withEndpoint(settings.httpScheme(), -1);
        if (!settings.httpProxy().isBlank()) {
            http = http.withProxy(address(settings.httpProxy()), 4);
        }
        IdentityConfig.Limits limits = config.limits().withMaxInFlight(settings.maxInFlight())
                .withPerHost(new IdentityConfig.HostLimits(settings.perHostConcurrency(), settings.perHostRate(),
                        (int) Math.max(1, Math.ceil(settings.perHostRate()))));
        return config.withHttp(http).withLimits(limits);
    }

    private static InetSocketAddress address(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected host:port, not '" + hostAndPort + "'");
        }
        return new InetSocketAddress(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
    }
}
