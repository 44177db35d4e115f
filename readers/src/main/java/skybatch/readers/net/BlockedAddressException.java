package skybatch.readers.net;

import java.io.IOException;

/** A host whose address the {@link AddressPolicy} refuses, or that has no address: nothing was sent to it. */
public class BlockedAddressException extends IOException {

    BlockedAddressException(String message) {
        super(message);
    }
}
