package skybatch.readers.pds;

/**
 * One repository of a {@code listRepos} page.
 *
 * @param head the CID of its current commit
 * @param active false for an account the PDS hosts but does not serve
 * @param status why it is not active ({@code takendown}, {@code suspended}, {@code deactivated}, ...), or null
 */
public record ListedRepo(String did, String head, String rev, boolean active, String status) {}
