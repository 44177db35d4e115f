/**
 * DID documents as atproto uses them: {@link skybatch.readers.did.DidDocument} holds the identifiers, keys and
 * services of one DID, knows which of them atproto reads (the claimed handle, the PDS, the signing key), and
 * converts to and from the W3C JSON form that the app-view keeps in {@code did_cache}.
 */
package skybatch.readers.did;
