/**
 * skybatch's database schema as Flyway migrations ({@code db/migration}), and {@link skybatch.sql.SkybatchSchema},
 * the one place that says how they are applied.
 */
package skybatch.sql;
