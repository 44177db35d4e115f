package skybatch.writers.verification;

import java.time.Instant;

/**
 * The outcome of checking one DID's handle, as it is to be stored.
 *
 * @param handle the handle checked (the DID document's claim); {@code null} when it claims none
 * @param status valid, invalid, tombstoned or pending (every attempt so far failed transiently)
 * @param plcCid the PLC operation whose claim was checked
 * @param nextCheckAt when the DID is due again; {@code null}: never (a tombstone, until a newer operation)
 * @param failureCount consecutive transient failures
 * @param error why the check did not verify, for people; {@code null} when valid
 */
public record HandleCheck(String did, String handle, String status, String plcCid, Instant checkedAt,
        Instant nextCheckAt, int failureCount, String error) {

    public static final String VALID = "valid";
    public static final String INVALID = "invalid";
    public static final String TOMBSTONED = "tombstoned";
    public static final String PENDING = "pending";

    public boolean valid() {
        return VALID.equals(status);
    }

    /** A transient failure leaves the handle as it was: it says nothing new about it. */
    public boolean transientFailure() {
        return failureCount > 0;
    }
}
