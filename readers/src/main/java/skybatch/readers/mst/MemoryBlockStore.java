package skybatch.readers.mst;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import skybatch.readers.car.CarBlock;
import skybatch.readers.car.CarReader;
import skybatch.readers.cid.Cid;

/**
 * A {@link BlockStore} in a hash map. Loading a CAR this way holds the whole repository on the heap (about the CAR's
 * size plus ~100 bytes a block), which is fine for typical accounts of a few MB to a few hundred MB. The CAR's block
 * order is not the key order, so a walk needs random access to blocks; for the largest repositories a store that
 * spills record blocks to disk and keeps only MST nodes in memory would be the next step.
 */
public final class MemoryBlockStore implements BlockStore {

    private final Map<Cid, byte[]> blocks = new HashMap<>();

    /** Reads every remaining block of {@code car}. */
    public static MemoryBlockStore load(CarReader car) throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        for (CarBlock block; (block = car.next()) != null; ) {
            store.put(block.cid(), block.data());
        }
        return store;
    }

    public void put(Cid cid, byte[] data) {
        blocks.put(cid, data);
    }

    @Override
    public byte[] get(Cid cid) {
        return blocks.get(cid);
    }

    public int size() {
        return blocks.size();
    }
}
