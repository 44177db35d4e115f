package skybatch.sql.appview;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One statement of the app-view's schema dump, moved into the dataplane schema, with the name of the object it
 * creates (or completes: a sequence's owner, a column default, a table's rows belong to the object they follow).
 * Statements of a kind pg_dump did not write for this release are refused, so that a regenerated dump with new kinds
 * fails loudly instead of being half applied.
 */
record DumpStatement(String sql, Optional<String> object) {

    private static final Pattern SCHEMA_PREFIX = Pattern.compile("(?<![\\w\"])" + BskyRelease.DUMP_SCHEMA + "\\.");
    private static final String NAME = "\"?([\\w]+)\"?";
    private static final String QUALIFIED = "\\w+\\." + NAME;
    private static final List<Pattern> OBJECT_PATTERNS = List.of(
            Pattern.compile("^CREATE (?:TABLE|SEQUENCE|MATERIALIZED VIEW) " + QUALIFIED),
            Pattern.compile("^CREATE (?:UNIQUE )?INDEX " + NAME + " ON "),
            Pattern.compile("^ALTER TABLE ONLY \\S+\\s+ADD CONSTRAINT " + NAME),
            Pattern.compile("^ALTER TABLE ONLY " + QUALIFIED + " ALTER COLUMN "),
            Pattern.compile("^ALTER SEQUENCE " + QUALIFIED + " OWNED BY "),
            Pattern.compile("^INSERT INTO " + QUALIFIED + " VALUES "));

    /** The dump's statements, in order, for the schema {@code schema}; psql's session settings are left out. */
    static List<DumpStatement> parse(String dump, String schema) {
        List<DumpStatement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        // pg_dump writes comments as whole lines and ends every statement at the end of a line.
        for (String line : dump.split("\n")) {
            if (line.startsWith("--") || (current.isEmpty() && line.isBlank())) {
                continue;
            }
            current.append(line).append('\n');
            if (line.endsWith(";")) {
                String sql = current.toString().strip();
                current.setLength(0);
                of(sql, schema).ifPresent(statements::add);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("the app-view's schema dump ends inside a statement: " + current);
        }
        return statements;
    }

    private static Optional<DumpStatement> of(String dumped, String schema) {
        if (dumped.startsWith("SET ") || dumped.startsWith("SELECT pg_catalog.set_config(")) {
            return Optional.empty();
        }
        String sql = SCHEMA_PREFIX.matcher(dumped).replaceAll(Matcher.quoteReplacement(schema + "."));
        if (dumped.equals("CREATE SCHEMA " + BskyRelease.DUMP_SCHEMA + ";")) {
            return Optional.of(new DumpStatement("CREATE SCHEMA IF NOT EXISTS " + schema, Optional.empty()));
        }
        if (dumped.startsWith("CREATE EXTENSION IF NOT EXISTS ")) {
            return Optional.of(new DumpStatement(sql, Optional.empty()));
        }
        for (Pattern pattern : OBJECT_PATTERNS) {
            Matcher matcher = pattern.matcher(sql);
            if (matcher.find()) {
                return Optional.of(new DumpStatement(sql, Optional.of(matcher.group(1))));
            }
        }
        throw new IllegalStateException("a statement of a kind skybatch does not know in the app-view's schema dump: "
                + dumped);
    }
}
