package skybatch.readers.mst;

import skybatch.readers.cid.Cid;

/** A block a full repository must contain is absent. */
public class MissingBlockException extends RepositoryException {

    private final Cid cid;

    public MissingBlockException(Cid cid, String role) {
        super("missing block " + cid + " (" + role + ")");
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
