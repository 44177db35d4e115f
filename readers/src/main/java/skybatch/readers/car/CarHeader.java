package skybatch.readers.car;

import java.util.List;
import skybatch.readers.cid.Cid;

/**
 * A CAR file's header: its format version (2 for a CARv2 wrapper, whose inner CARv1 holds the roots) and its root
 * CIDs; an atproto repository has one root, its signed commit.
 */
public record CarHeader(int version, List<Cid> roots) {

    public CarHeader {
        roots = List.copyOf(roots);
    }
}
