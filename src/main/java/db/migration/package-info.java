/**
 * Flyway Java migrations (Flyway finds and instantiates them itself, next to the SQL
 * migrations in {@code classpath:db/migration}).
 */
@NullMarked
package db.migration;

import org.jspecify.annotations.NullMarked;
