/**
 * Content identifiers: {@link skybatch.readers.cid.Cid} (CIDv1, binary and base32 string forms, computed over
 * bytes with sha2-256), the {@link skybatch.readers.cid.Varint} and {@link skybatch.readers.cid.Base32} encodings
 * it is built from, and the {@link skybatch.readers.cid.HashFunction}s a CID's digest can be checked with.
 */
package skybatch.readers.cid;
