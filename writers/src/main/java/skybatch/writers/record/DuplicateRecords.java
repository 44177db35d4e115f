package skybatch.writers.record;

import java.lang.reflect.RecordComponent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import skybatch.readers.cbor.AtprotoJsonReader;
import skybatch.readers.syntax.AtUri;

/**
 * The app-view's {@code duplicate_record}, set-based per chunk, in the caller's transaction. A record whose unique
 * value (its table's {@link Table#unique()}) another record's row already holds is kept in {@code record} only and
 * noted there with the record that holds it, as the processor's {@code insertRecord} does; when that record is
 * deleted (not with its account), the oldest of its duplicates, by {@code indexedAt}, is indexed in its place, as
 * {@code deleteRecord} does. A removed record's own row goes with the other tables' rows.
 */
final class DuplicateRecords {

    /** One statement per table with a unique value, the rows given as arrays of its columns. */
    private final Map<Class<? extends Record>, Noting> notings = new LinkedHashMap<>();
    private final String oldestDuplicates;
    private final String cascade;

    DuplicateRecords(String dataplane, Collection<Class<? extends Record>> types) {
        for (Class<? extends Record> type : types) {
            Table table = type.getAnnotation(Table.class);
            if (table.unique().length > 0) {
                notings.put(type, new Noting(dataplane, table, type));
            }
        }
        // the record that holds the value must be gone first, and its duplicates' own rows of removed records
        this.oldestDuplicates = "SELECT DISTINCT ON (d.\"duplicateOf\") r.uri, r.cid, r.json, r.\"indexedAt\""
                + " FROM " + dataplane + ".duplicate_record d JOIN " + dataplane + ".record r ON r.uri = d.uri"
                + " WHERE d.\"duplicateOf\" = ANY (?) ORDER BY d.\"duplicateOf\", d.\"indexedAt\", d.uri";
        this.cascade = "DELETE FROM " + dataplane + ".duplicate_record WHERE \"duplicateOf\" = ANY (?)";
    }

    /** The statement that removes the rows of removed records, to run with the other tables' removals. */
    static String removal(String dataplane) {
        return "DELETE FROM " + dataplane + ".duplicate_record WHERE uri = ANY (?)";
    }

    /**
     * Notes, after they were copied, the rows that another record's row of the same unique value turned away (a
     * row already stored under its own URI is no duplicate: a replay).
     */
    void note(Connection connection, Map<Class<? extends Record>, List<Record>> rowsByType) throws SQLException {
        List<String> statements = new ArrayList<>();
        List<Object[]> arrays = new ArrayList<>();
        for (Map.Entry<Class<? extends Record>, Noting> noting : notings.entrySet()) {
            List<Record> rows = rowsByType.get(noting.getKey());
            if (rows != null) {
                statements.add(noting.getValue().statement);
                arrays.addAll(noting.getValue().arrays(rows));
            }
        }
        if (statements.isEmpty()) {
            return;
        }
        // one round trip: the driver sends the statements together, in order
        try (PreparedStatement insert = connection.prepareStatement(String.join(";\n", statements))) {
            for (int i = 0; i < arrays.size(); i++) {
                insert.setArray(i + 1, connection.createArrayOf("text", arrays.get(i)));
            }
            insert.execute();
        }
    }

    /**
     * The oldest duplicate of each record in {@code deleted}, as the app-view indexes it again from its stored
     * JSON; a duplicate the app-view would not index now (it no longer maps) stays a duplicate.
     */
    List<IndexedRecord> promoted(Connection connection, Collection<String> deleted) throws SQLException {
        List<IndexedRecord> promoted = new ArrayList<>();
        if (deleted.isEmpty()) {
            return promoted;
        }
        try (PreparedStatement query = connection.prepareStatement(oldestDuplicates)) {
            query.setArray(1, connection.createArrayOf("text", deleted.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    AtUri uri = AtUri.parse(rows.getString(1));
                    try {
                        promoted.add(RecordMapper.map(uri.authority(), uri.collection(), uri.rkey(),
                                rows.getString(2), AtprotoJsonReader.fromJson(rows.getString(3)), rows.getString(4)));
                    } catch (InvalidRecordException e) {
                        // as the processor's matchesSchema: not indexed
                    }
                }
            }
        }
        return promoted;
    }

    /** Forgets the duplicates of records removed with their account, as a cascading delete does. */
    void cascade(Connection connection, Collection<String> removed) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(cascade)) {
            delete.setArray(1, connection.createArrayOf("text", removed.toArray()));
            delete.executeUpdate();
        }
    }

    /** The noting statement of one table: its rows' URI, CID, indexedAt and unique columns, joined to the table. */
    private static final class Noting {

        private final String statement;
        private final List<Function<Record, Object>> columns = new ArrayList<>();

        Noting(String dataplane, Table table, Class<? extends Record> type) {
            List<String> names = new ArrayList<>(List.of("uri", "cid", "indexedAt"));
            names.addAll(Arrays.asList(table.unique()));
            for (String name : names) {
                RecordComponent component = Arrays.stream(type.getRecordComponents())
                        .filter(c -> c.getName().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(type.getSimpleName() + " has no " + name));
                columns.add(TableCopy.accessor(component));
            }
            String quoted = names.stream().map(n -> '"' + n + '"').collect(Collectors.joining(", "));
            String arrays = names.stream().map(n -> "?::text[]").collect(Collectors.joining(", "));
            String join = Arrays.stream(table.unique()).map(n -> "t.\"" + n + "\" = w.\"" + n + "\"")
                    .collect(Collectors.joining(" AND "));
            this.statement = "INSERT INTO " + dataplane + ".duplicate_record (uri, cid, \"duplicateOf\", \"indexedAt\")"
                    + " SELECT w.uri, w.cid, t.uri, w.\"indexedAt\" FROM unnest(" + arrays + ") AS w(" + quoted + ")"
                    + " JOIN " + dataplane + ".\"" + table.value() + "\" t ON " + join + " WHERE t.uri <> w.uri"
                    + " ON CONFLICT DO NOTHING";
        }

        /** The statement's parameters: each column's values, a row after the other. */
        List<Object[]> arrays(List<Record> rows) {
            return columns.stream().map(column -> rows.stream().map(column).toArray()).toList();
        }
    }
}
