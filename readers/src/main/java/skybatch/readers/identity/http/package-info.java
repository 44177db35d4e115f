/**
 * HTTP with the JDK's HttpClient, asynchronous: {@link skybatch.readers.identity.http.HttpFetcher} makes guarded
 * GET requests (address checks, per-host limits, manual redirects, capped bodies) for the HTTPS well-known handle
 * resolution ({@link skybatch.readers.identity.http.WellKnownHandleResolver}) and the DID document sources ({@link
 * skybatch.readers.identity.http.PlcDirectorySource}, {@link skybatch.readers.identity.http.DidWebSource}).
 */
package skybatch.readers.identity.http;
