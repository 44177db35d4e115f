package skybatch.writers.record;

import de.bytefish.pgbulkinsert.PgBulkInsert;
import de.bytefish.pgbulkinsert.mapping.AbstractMapping;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * Binary COPY of rows of type {@code R} into one dataplane table, whose name the type's {@link Table} gives and
 * whose columns are its components. Rows go straight into the table when none of them takes a key or unique
 * value already there, which is the rule in a backfill; otherwise (a duplicate like in a repository, a record a
 * concurrent indexer wrote first) that COPY is rolled back to a savepoint and the rows go through a temporary stage
 * (at once, without trying the table first, for a writer that expects such rows: {@code Conflicts.EXPECTED})
 * and {@code INSERT ... ON CONFLICT DO NOTHING}, which keeps the rows already there, as the app-view's indexer does,
 * and of the rows that take the same unique value, the first given: the one whose event came first, as when the
 * indexer applies them one at a time. Straight in, the rows go in the order of the table's primary key (by code
 * unit, which is the {@code C} collation's order for the ASCII of URIs and DIDs), so that the key's index takes them
 * page after page.
 */
final class TableCopy<R extends Record> {

    private static final String UNIQUE_VIOLATION = "23505";
    /** The stage's column of each row's place in the order given. */
    private static final String POSITION = "skybatch_position";

    private final String table;
    private final String qualifiedTable;
    private final String stage;
    private final String columns;
    private final PgBulkInsert<R> intoTable;
    private final PgBulkInsert<Staged<R>> intoStage;
    private final Comparator<R> keyOrder;

    TableCopy(Class<R> type, String dataplane) {
        Table annotation = type.getAnnotation(Table.class);
        this.table = annotation.value();
        this.keyOrder = keyOrder(type, annotation.key());
        this.qualifiedTable = dataplane + ".\"" + table + "\"";
        this.stage = "skybatch_stage_" + table;
        this.columns = Arrays.stream(type.getRecordComponents()).map(c -> '"' + c.getName() + '"')
                .collect(Collectors.joining(", "));
        this.intoTable = new PgBulkInsert<>(Mapping.of(dataplane, table, type));
        this.intoStage = new PgBulkInsert<>(Mapping.staged(stage, type));
    }

    String table() {
        return table;
    }

    private static <R extends Record> Comparator<R> keyOrder(Class<R> type, String[] key) {
        Comparator<R> order = null;
        for (String column : key) {
            RecordComponent component = Arrays.stream(type.getRecordComponents())
                    .filter(c -> c.getName().equals(column)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(type.getSimpleName() + " has no key " + column));
            Function<R, Object> value = accessor(component);
            Comparator<R> byColumn = Comparator.comparing(row -> (String) value.apply(row),
                    Comparator.nullsLast(Comparator.naturalOrder()));
            order = order == null ? byColumn : order.thenComparing(byColumn);
        }
        return order;
    }

    /**
     * Copies {@code rows} into the table, in the caller's transaction.
     *
     * @param inOrder the rows in the order of their events: of two that take the same unique value, the first stays
     * @param throughStage whether the rows go through the stage at once, not straight in first
     * @return the statement that inserts the rows from the stage, when they had to go there; null otherwise
     */
    String copy(Connection connection, List<R> inOrder, boolean throughStage) throws SQLException {
        PGConnection copier = connection.unwrap(PGConnection.class);
        if (!throughStage && copyStraight(connection, copier, inOrder)) {
            return null;
        }
        try (Statement create = connection.createStatement()) {
            // the stage takes the table's column types and each row's position; ON COMMIT DELETE ROWS empties it for
            // the next chunk, and TRUNCATE for the next write in this one (a chunk that writes early writes twice)
            create.execute("CREATE TEMP TABLE IF NOT EXISTS " + stage + " ON COMMIT DELETE ROWS AS SELECT " + columns
                    + ", 0 AS " + POSITION + " FROM " + qualifiedTable + " WITH NO DATA; TRUNCATE pg_temp." + stage);
        }
        List<Staged<R>> staged = new ArrayList<>(inOrder.size());
        for (R row : inOrder) {
            staged.add(new Staged<>(staged.size(), row));
        }
        intoStage.saveAll(copier, staged);
        return "INSERT INTO " + qualifiedTable + " (" + columns + ") SELECT " + columns + " FROM pg_temp." + stage
                + " ORDER BY " + POSITION + " ON CONFLICT DO NOTHING";
    }

    /** Copies the rows straight into the table: false when one takes a key or unique value already there. */
    private boolean copyStraight(Connection connection, PGConnection copier, List<R> inOrder) throws SQLException {
        List<R> rows = new ArrayList<>(inOrder);
        rows.sort(keyOrder);
        Savepoint savepoint = connection.setSavepoint();
        try {
            intoTable.saveAll(copier, rows);
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException | RuntimeException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            connection.rollback(savepoint);
            return false;
        }
    }

    /** PgBulkInsert reports the server's error wrapped, in a runtime exception when the COPY ends. */
    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A record component's accessor, as a function of the row. */
    static <R> Function<R, Object> accessor(RecordComponent component) {
        MethodHandle handle;
        try {
            // (Object)Object, so that each call is an invokeExact without conversions
            handle = MethodHandles.publicLookup().unreflect(component.getAccessor())
                    .asType(MethodType.methodType(Object.class, Object.class));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return row -> {
            try {
                return (Object) handle.invokeExact((Object) row);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot read " + component.getName(), e);
            }
        };
    }

    /** A row in the stage, with its place in the order given. */
    private record Staged<R>(int position, R row) {}

    /**
     * Maps each record component of the rows that {@code E} holds to its column: String as text, {@link Json} as
     * jsonb.
     */
    private static final class Mapping<R extends Record, E> extends AbstractMapping<E> {

        /** The table's columns. */
        static <R extends Record> Mapping<R, R> of(String schema, String table, Class<R> type) {
            return new Mapping<>(schema, table, type, row -> row);
        }

        /** The stage's: the table's columns and each row's position. */
        static <R extends Record> Mapping<R, Staged<R>> staged(String stage, Class<R> type) {
            Mapping<R, Staged<R>> mapping = new Mapping<>("pg_temp", stage, type, Staged::row);
            mapping.mapInteger(POSITION, Staged::position);
            return mapping;
        }

        private Mapping(String schema, String table, Class<R> type, Function<E, R> rowOf) {
            super(schema, table, true);
            for (RecordComponent component : type.getRecordComponents()) {
                Function<R, Object> value = accessor(component);
                if (component.getType() == String.class) {
                    mapText(component.getName(), e -> (String) value.apply(rowOf.apply(e)));
                } else if (component.getType() == Json.class) {
                    mapJsonb(component.getName(), e -> {
                        Json json = (Json) value.apply(rowOf.apply(e));
                        return json == null ? null : json.text();
                    });
                } else {
                    throw new IllegalArgumentException(type.getSimpleName() + "." + component.getName()
                            + " has a type no dataplane column takes: " + component.getType());
                }
            }
        }
    }
}
