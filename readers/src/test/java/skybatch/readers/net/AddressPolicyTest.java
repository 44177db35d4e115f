package skybatch.readers.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    private static InetAddress ip(String literal) {
        return Cidr.parseLiteral(literal).orElseThrow();
    }

    @Test
    void refusesEveryNonPublicRange() {
        AddressPolicy policy = AddressPolicy.publicOnly();
        for (String address : new String[] {"127.0.0.1", "127.1.2.3", "::1", "10.0.0.1", "172.16.0.1",
                "172.31.255.255", "192.168.1.1", "169.254.169.254", "fe80::1", "224.0.0.1", "ff02::1", "0.0.0.0",
                "::", "0.1.2.3", "100.64.0.1", "255.255.255.255", "fd12:3456::1", "fc00::1", "::ffff:10.0.0.1"}) {
            assertThat(policy.permits(ip(address))).as(address).isFalse();
        }
    }

    @Test
    void judgesAnIpv6AddressByTheIpv4AddressItLeadsTo() {
        AddressPolicy policy = AddressPolicy.publicOnly();
        for (String address : new String[] {"64:ff9b::a9fe:a9fe", "64:ff9b::10.0.0.1", "64:ff9b:1::7f00:1",
                "2002:a00:1::1", "2002:7f00:1::1", "::ffff:169.254.169.254", "::10.0.0.1", "::8.8.8.8",
                "2001:0:4136:e378::1", "2001:db8::1", "192.0.2.1", "198.18.0.1"}) {
            assertThat(policy.permits(ip(address))).as(address).isFalse();
        }
        for (String address : new String[] {"64:ff9b::8.8.8.8", "2002:808:808::1", "::ffff:1.1.1.1"}) {
            assertThat(policy.permits(ip(address))).as(address).isTrue();
        }
        assertThat(policy.allowing("64:ff9b::/96").permits(ip("64:ff9b::10.0.0.1"))).isTrue();
    }

    @Test
    void permitsPublicAddresses() {
        AddressPolicy policy = AddressPolicy.publicOnly();
        for (String address : new String[] {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111"}) {
            assertThat(policy.permits(ip(address))).as(address).isTrue();
        }
    }

    @Test
    void theAllowListAdmitsExactlyItsRanges() {
        AddressPolicy policy = AddressPolicy.publicOnly().allowing("127.0.0.1", "10.8.0.0/13");

        assertThat(policy.permits(ip("127.0.0.1"))).isTrue();
        assertThat(policy.permits(ip("127.0.0.2"))).isFalse();
        assertThat(policy.permits(ip("10.15.255.255"))).isTrue();
        assertThat(policy.permits(ip("10.16.0.0"))).isFalse();
        assertThat(policy.permits(ip("::1"))).isFalse();
    }

    @Test
    void literalsAreParsedWithoutLookingNamesUp() {
        assertThat(Cidr.parseLiteral("[2001:db8::1]")).hasValue(ip("2001:db8::1"));
        assertThat(Cidr.parseLiteral("example.com")).isEmpty();
        assertThat(Cidr.parseLiteral("120.0.0.1.com")).isEmpty();
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("localhost")).isInstanceOf(IllegalArgumentException.class);
    }
}
