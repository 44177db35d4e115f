package skybatch.writers.record;

import skybatch.writers.quarantine.QuarantinedInput;

/** A {@link RecordChange} as {@link RecordIndexer} made it ready for {@link RecordChangeWriter}. */
public sealed interface IndexedChange {

    String uri();

    /** Whether a stored version of the record goes first. */
    boolean removesStored();

    /** A put the app-view indexes: its rows. */
    record Indexed(IndexedRecord record, boolean replaces) implements IndexedChange {

        @Override
        public String uri() {
            return record.uri();
        }

        @Override
        public boolean removesStored() {
            return replaces;
        }
    }

    /** A put the app-view would not index; any stored version of it goes, as it is no longer the repository's. */
    record Rejected(String uri, boolean replaces, QuarantinedInput quarantine) implements IndexedChange {

        @Override
        public boolean removesStored() {
            return replaces;
        }
    }

    /** A delete. */
    record Removed(String uri) implements IndexedChange {

        @Override
        public boolean removesStored() {
            return true;
        }
    }
}
