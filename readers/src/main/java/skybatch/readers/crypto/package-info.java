/**
 * atproto signatures: {@link skybatch.readers.crypto.PublicKey} (K-256 or P-256 {@link skybatch.readers.crypto.Curve},
 * read from did:key, multikey or legacy DID-document forms) verifies 64-byte low-S ECDSA signatures;
 * {@link skybatch.readers.crypto.CommitVerifier} applies it to a repository commit and
 * {@link skybatch.readers.crypto.DidDocumentKeys} finds the signing key in a DID document. Curve arithmetic is
 * BouncyCastle's.
 */
package skybatch.readers.crypto;
