package skybatch.writers.support;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A table filled beside an empty target and then put in its place: made {@code LIKE} the target (its columns,
 * defaults, NOT NULL and CHECK constraints, storage, comments, extended statistics; no index), appended to without
 * index upkeep, given the target's indexes in one sort each, and swapped in: in one transaction, holding the
 * target's lock, the empty target is dropped and the shadow takes its name, its indexes' and key constraints'
 * names, its owner, privileges, storage options and comment (not its columns' own options, such as n_distinct:
 * the statistics of the swapped table are gathered afresh).
 *
 * <p>Only a target nothing else refers to can be swapped so ({@link #whyNotSwappable}): a view, a foreign key, a
 * trigger, a policy or a publication names the table itself, not its name, and would be dropped or would block the
 * drop. Its indexes are built under temporary names ({@code <shadow>_<n>}, n the index's place in the target's
 * indexes by name), with SHARE locks only, so that others may read the shadow meanwhile; a key constraint is made
 * from its index at the swap ({@code USING INDEX}), which renames the index to the constraint's name.
 */
public final class ShadowTable {

    private final String shadow;
    private final String shadowName;
    private final String target;
    private final String targetSchema;
    private final String targetName;

    /** Every name a plain identifier ({@link SqlIdentifier}); the shadow's schema holds no table of that name. */
    public ShadowTable(String shadowSchema, String shadowName, String targetSchema, String targetName) {
        this.shadowName = SqlIdentifier.requirePlain(shadowName, "shadow table");
        this.shadow = SqlIdentifier.requirePlain(shadowSchema, "shadow schema") + "." + shadowName;
        this.targetSchema = SqlIdentifier.requirePlain(targetSchema, "target schema");
        this.targetName = SqlIdentifier.requirePlain(targetName, "target table");
        this.target = targetSchema + "." + targetName;
    }

    public String name() {
        return shadow;
    }

    public String target() {
        return target;
    }

    /** Why the target cannot be swapped for a shadow; null when it can. */
    public String whyNotSwappable(JdbcTemplate jdbc) {
        String reason = jdbc.queryForObject("""
                SELECT CASE
                    WHEN c.relkind <> 'r' THEN 'it is not a plain table'
                    WHEN c.relpersistence <> 'p' THEN 'it is not a logged table'
                    WHEN c.relispartition OR c.relhassubclass
                         OR EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = c.oid)
                        THEN 'it is in an inheritance or partition tree'
                    WHEN NOT pg_has_role(current_user, c.relowner, 'MEMBER')
                        THEN 'it is owned by ' || c.relowner::regrole || ', whose rights ' || current_user
                             || ' does not have'
                    WHEN c.relrowsecurity THEN 'it has row-level security'
                    WHEN c.relreplident <> 'd' THEN 'its replica identity is not the default'
                    WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0
                                 AND NOT a.attisdropped
                                 AND (a.attacl IS NOT NULL OR a.attstattarget <> -1 OR a.attidentity <> ''))
                        THEN 'a column has its own privileges, statistics target or identity'
                    WHEN EXISTS (SELECT 1 FROM pg_constraint k
                                 WHERE k.conrelid = c.oid AND k.contype IN ('f', 't', 'x'))
                        THEN 'it has a foreign key, a constraint trigger or an exclusion constraint'
                    ELSE (SELECT 'other objects depend on it: '
                                 || string_agg(pg_describe_object(d.classid, d.objid, d.objsubid), ', ')
                          FROM pg_depend d
                          WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = c.oid)
                                 OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = c.reltype))
                            AND d.deptype IN ('n', 'a')
                            AND NOT (d.classid = 'pg_class'::regclass
                                     AND d.objid IN (SELECT indexrelid FROM pg_index WHERE indrelid = c.oid))
                            AND NOT (d.classid = 'pg_constraint'::regclass
                                     AND d.objid IN (SELECT oid FROM pg_constraint WHERE conrelid = c.oid))
                            AND NOT (d.classid = 'pg_attrdef'::regclass
                                     AND d.objid IN (SELECT oid FROM pg_attrdef WHERE adrelid = c.oid))
                            AND NOT (d.classid = 'pg_statistic_ext'::regclass
                                     AND d.objid IN (SELECT oid FROM pg_statistic_ext WHERE stxrelid = c.oid)))
                END
                FROM pg_class c WHERE c.oid = ?::regclass
                """, String.class, target);
        return reason == null ? null : target + ": " + reason;
    }

    /** Makes the shadow afresh, empty: what an abandoned load left under its name is dropped. */
    public void create(JdbcTemplate jdbc) {
        drop(jdbc);
        jdbc.execute("CREATE TABLE " + shadow + " (LIKE " + target + " INCLUDING ALL EXCLUDING INDEXES)");
    }

    public void drop(JdbcTemplate jdbc) {
        jdbc.execute("DROP TABLE IF EXISTS " + shadow);
    }

    public boolean exists(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, shadow);
    }

    /** Builds the target's indexes on the shadow, under their temporary names. */
    public void buildIndexes(JdbcTemplate jdbc) {
        for (TargetIndex index : targetIndexes(jdbc)) {
            jdbc.execute((index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") + index.temporaryName + " ON "
                    + shadow + index.definition.substring(index.definition.indexOf(" USING ")));
        }
    }

    /**
     * Puts the shadow in the target's place. The caller holds the target's ACCESS EXCLUSIVE lock and has seen it
     * empty; the shadow's indexes are built.
     *
     * @throws IllegalStateException when the target's indexes are no longer those the shadow was given
     */
    public void swapIn(JdbcTemplate jdbc) {
        List<TargetIndex> indexes = targetIndexes(jdbc);
        List<String> built = jdbc.queryForList("SELECT c.relname::text FROM pg_index i JOIN pg_class c"
                + " ON c.oid = i.indexrelid WHERE i.indrelid = ?::regclass ORDER BY 1", String.class, shadow);
        List<String> expected = indexes.stream().map(TargetIndex::temporaryName).sorted().toList();
        if (!built.equals(expected)) {
            throw new IllegalStateException("the indexes of " + target + " changed while " + shadow
                    + " was loaded: it has " + built + ", the target's would be " + expected);
        }
        List<String> after = new ArrayList<>(jdbc.queryForList("""
                SELECT format('ALTER TABLE %1$s OWNER TO %2$I', $1, pg_get_userbyid(c.relowner))
                FROM pg_class c WHERE c.oid = $1::regclass
                UNION ALL
                SELECT format('REVOKE ALL ON TABLE %1$s FROM PUBLIC, %2$I', $1, pg_get_userbyid(c.relowner))
                FROM pg_class c WHERE c.oid = $1::regclass AND c.relacl IS NOT NULL
                UNION ALL
                SELECT format('GRANT %2$s ON TABLE %1$s TO %3$s%4$s', $1, a.privilege_type,
                              CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
                              CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
                FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = $1::regclass
                UNION ALL
                SELECT format('ALTER TABLE %1$s SET (%2$s)', $1, array_to_string(c.reloptions, ', '))
                FROM pg_class c WHERE c.oid = $1::regclass AND c.reloptions IS NOT NULL
                UNION ALL
                SELECT format('COMMENT ON TABLE %1$s IS %2$L', $1, d.description)
                FROM pg_description d WHERE d.objoid = $1::regclass AND d.classoid = 'pg_class'::regclass
                  AND d.objsubid = 0
                """.replace("$1", "'" + target + "'"), String.class));
        for (TargetIndex index : indexes) {
            after.add(index.constraint == null
                    ? "ALTER INDEX " + targetSchema + "." + index.temporaryName + " RENAME TO " + index.name
                    : "ALTER TABLE " + target + " ADD CONSTRAINT " + index.name + " " + index.constraint
                            + " USING INDEX " + index.temporaryName + index.deferral);
        }
        jdbc.execute("DROP TABLE " + target);
        if (!shadow.startsWith(targetSchema + ".")) {
            jdbc.execute("ALTER TABLE " + shadow + " SET SCHEMA " + targetSchema);
        }
        jdbc.execute("ALTER TABLE " + targetSchema + "." + shadowName + " RENAME TO " + targetName);
        after.forEach(jdbc::execute);
    }

    /** The target's indexes by name, each with the shadow's temporary name for it. */
    private List<TargetIndex> targetIndexes(JdbcTemplate jdbc) {
        return jdbc.query("""
                SELECT quote_ident(x.relname), i.indisunique, pg_get_indexdef(i.indexrelid),
                       CASE k.contype WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' END,
                       CASE WHEN k.condeferred THEN ' DEFERRABLE INITIALLY DEFERRED'
                            WHEN k.condeferrable THEN ' DEFERRABLE' ELSE '' END
                FROM pg_index i
                JOIN pg_class x ON x.oid = i.indexrelid
                LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid
                                         AND k.contype IN ('p', 'u')
                WHERE i.indrelid = ?::regclass
                ORDER BY x.relname
                """, (rs, n) -> new TargetIndex(rs.getString(1), shadowName + "_" + (n + 1), rs.getBoolean(2),
                        rs.getString(3), rs.getString(4), rs.getString(5)), target);
    }

    private record TargetIndex(String name, String temporaryName, boolean unique, String definition,
            String constraint, String deferral) {}
}
