package skybatch.readers.crypto;

import skybatch.readers.mst.Commit;

/** Checks a repository commit's signature against the account's signing key. */
public final class CommitVerifier {

    private CommitVerifier() {}

    /** Whether {@code commit.sig} signs the commit's unsigned DAG-CBOR with {@code key}. */
    public static boolean verify(Commit commit, PublicKey key) {
        return key.verify(commit.unsignedBytes(), commit.sig());
    }
}
