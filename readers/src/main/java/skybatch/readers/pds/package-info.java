/**
 * A PDS's repository sync endpoints over HTTP: {@link skybatch.readers.pds.PdsClient} pages through
 * {@code com.atproto.sync.listRepos} and streams {@code com.atproto.sync.getRepo} CARs to a consumer, within
 * {@link skybatch.readers.pds.HostLimiter}'s per-host concurrency and rate limits, retrying transient failures with
 * backoff. A repository the PDS will not serve (taken down, deactivated, not found) is a
 * {@link skybatch.readers.pds.RepoUnavailableException}, not retried.
 */
package skybatch.readers.pds;
