/**
 * Handle verification results: {@link skybatch.writers.verification.HandleVerificationWriter} records each check
 * in {@code skybatch.handle_verification} and sets or clears the app-view's {@code actor.handle}, moving a handle
 * from its old holder in the same transaction.
 */
package skybatch.writers.verification;
