package skybatch.readers.identity;

/** Why a step of a resolution failed, which step ({@code source}), and a detail for people. */
public record Failure(Reason reason, Source source, String detail) {

    public boolean isTransient() {
        return reason.isTransient();
    }

    @Override
    public String toString() {
        return reason + " from " + source + ": " + detail;
    }
}
