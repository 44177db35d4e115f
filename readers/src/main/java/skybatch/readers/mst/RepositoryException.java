package skybatch.readers.mst;

/** A repository whose commit or Merkle Search Tree is malformed. */
public class RepositoryException extends RuntimeException {

    public RepositoryException(String message) {
        super(message);
    }

    public RepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
