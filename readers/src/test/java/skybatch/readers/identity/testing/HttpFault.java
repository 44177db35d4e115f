package skybatch.readers.identity.testing;

import java.util.Optional;

/** What the fixture's HTTP server answers instead of a host's content; {@link #silence()} answers nothing. */
public record HttpFault(int status, int bodyBytes, Optional<String> location, boolean silent) {

    public static HttpFault status(int status) {
        return new HttpFault(status, 0, Optional.empty(), false);
    }

    /** Never answers; the request stays open until the client gives up or the fixture closes. */
    public static HttpFault silence() {
        return new HttpFault(0, 0, Optional.empty(), true);
    }

    /** A 200 whose body has this many bytes, sent chunked so that only reading tells its size. */
    public static HttpFault oversizedBody(int bytes) {
        return new HttpFault(200, bytes, Optional.empty(), false);
    }

    public static HttpFault redirect(String location) {
        return new HttpFault(302, 0, Optional.of(location), false);
    }
}
