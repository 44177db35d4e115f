/**
 * Flyway's Java migrations, found on {@code classpath:db/migration} beside the SQL ones. Only schema that ships
 * inside a library is created from Java; skybatch's own schema is plain SQL in {@code src/main/resources}.
 */
package db.migration;
