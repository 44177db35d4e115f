package skybatch.readers.pds;

import java.util.List;

/** A page of {@code com.atproto.sync.listRepos}; {@code cursor} is null on the last page. */
public record ListReposPage(List<ListedRepo> repos, String cursor) {

    public ListReposPage {
        repos = List.copyOf(repos);
    }
}
