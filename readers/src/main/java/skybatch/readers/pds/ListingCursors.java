package skybatch.readers.pds;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;

/**
 * The cursors one PDS's {@code listRepos} has answered in a run, to stop a listing that comes back to one: it
 * would never end (a broken or hostile PDS answered 1,295 pages in a minute so). A cursor is a few dozen bytes;
 * a PDS of ten million accounts lists in ten thousand pages.
 */
public final class ListingCursors {

    private final URI pds;
    private final Set<String> seen = new HashSet<>();

    /** @param start the cursor the listing continues after, null at its beginning */
    public ListingCursors(URI pds, String start) {
        this.pds = pds;
        if (start != null) {
            seen.add(start);
        }
    }

    /**
     * Takes the cursor of the page just read.
     *
     * @throws PdsException if the PDS answered it before
     */
    public void next(String cursor) {
        if (cursor != null && !seen.add(cursor)) {
            throw new PdsException("listRepos of " + pds + " answered the cursor '" + abbreviate(cursor)
                    + "' a second time, after " + seen.size() + " pages: its listing would never end", null);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
