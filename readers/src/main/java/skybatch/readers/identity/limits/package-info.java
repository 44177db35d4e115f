/**
 * Non-blocking limits on the requests that identity resolution makes: {@link
 * skybatch.readers.identity.limits.AsyncSemaphore} caps requests in flight (globally and per host), {@link
 * skybatch.readers.identity.limits.RateLimiter} spaces requests to one host, {@link
 * skybatch.readers.identity.limits.CircuitBreaker} stops asking a host that keeps failing, and {@link
 * skybatch.readers.identity.limits.Retrier} retries transient failures with exponential backoff. {@link
 * skybatch.readers.identity.limits.HostGuard} combines the per-host ones. None of them holds a thread while
 * waiting: waits are futures completed later.
 */
package skybatch.readers.identity.limits;
