package skybatch.writers.record;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The app-view table a row type goes to, and the columns of its primary key; the row's component names are the
 * table's column names.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Table {
    String value();

    /** The primary key's columns, in the key's order. */
    String[] key() default {"uri"};

    /**
     * The columns of the value only one record may hold (a like's subject and creator), as the app-view's plugin's
     * {@code findDuplicate} looks it up: a record whose value another holds is noted in {@code duplicate_record}.
     * None for a table without one.
     */
    String[] unique() default {};
}
