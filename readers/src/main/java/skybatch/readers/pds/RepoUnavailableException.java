package skybatch.readers.pds;

/** The PDS answered that it will not serve the repository, with one of getRepo's XRPC error names. */
public class RepoUnavailableException extends RuntimeException {

    /** Why, by the XRPC error name the PDS gave. */
    public enum Reason {
        /** RepoTakendown, and RepoSuspended (a takedown with an end date). */
        TAKENDOWN,
        /** RepoDeactivated: the account holder turned the account off. */
        DEACTIVATED,
        /** RepoNotFound: the PDS does not host that DID. */
        NOT_FOUND;

        /** The reason an XRPC error name gives, or null for any other error. */
        static Reason ofXrpcError(String error) {
            if (error == null) {
                return null;
            }
            return switch (error) {
                case "RepoTakendown", "RepoSuspended" -> TAKENDOWN;
                case "RepoDeactivated" -> DEACTIVATED;
                case "RepoNotFound" -> NOT_FOUND;
                default -> null;
            };
        }
    }

    private final Reason reason;

    RepoUnavailableException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
