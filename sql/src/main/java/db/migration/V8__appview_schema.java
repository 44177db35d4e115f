package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import skybatch.sql.appview.AppViewSchema;

/**
 * The rest of the app-view's schema (all its tables, indexes and views, recorded as migrated for bsky's own migrator)
 * where the app-view's migrations never ran in the dataplane schema; nothing where they did.
 */
public class V8__appview_schema extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        String schema = context.getConfiguration().getPlaceholders().get("dataplane_schema");
        AppViewSchema.createWhereMissing(context.getConnection(), schema);
    }
}
