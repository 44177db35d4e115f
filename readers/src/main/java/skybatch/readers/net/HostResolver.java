package skybatch.readers.net;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/** Looks a host name up: all its addresses, so that every one of them can be checked. */
@FunctionalInterface
public interface HostResolver {

    List<InetAddress> addresses(String host) throws IOException;

    /** The system's resolver (the JDK's, with its short cache). */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
