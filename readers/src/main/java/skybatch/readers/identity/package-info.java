/**
 * Identity resolution for handle verification, shaped after indigo's {@code atproto/identity}: one small
 * interface, {@link skybatch.readers.identity.IdentityDirectory}, whose implementations wrap one another like
 * middleware (metrics in {@link skybatch.readers.identity.MeteredDirectory}; the jobs module adds a read-through
 * cache in the database, and the documents the PLC import stored).
 *
 * <p>A lookup ends in an {@link skybatch.readers.identity.Identity}: verified when the handle resolves to the DID
 * and the DID's document claims the handle, otherwise carrying a {@link skybatch.readers.identity.Failure} whose
 * {@link skybatch.readers.identity.Reason} tells transient failures (retry later) from definitive ones. {@link
 * skybatch.readers.identity.BasicDirectory} does the two-way check with the two steps below it:
 * <ul>
 *   <li>{@link skybatch.readers.identity.HandleResolver}: handle to DID, by DNS TXT ({@code .dns}) or the HTTPS
 *       well-known ({@code .http}), combined by {@link skybatch.readers.identity.FallbackHandleResolver};</li>
 *   <li>{@link skybatch.readers.identity.DidDocumentSource}: DID to document, from the PLC directory or a did:web
 *       host ({@code .http}), or any store put before them with {@code orElse}.</li>
 * </ul>
 * {@link skybatch.readers.identity.IdentityNetwork} wires the network implementations from an {@link
 * skybatch.readers.identity.IdentityConfig}, with the limits of {@code .limits} and the address rules of {@code
 * .net}. Everything is asynchronous: no thread waits on a request, so thousands can be in flight. Callers bound
 * how many lookups they start at once; the limits here bound the requests those lookups make.
 */
package skybatch.readers.identity;
