/**
 * The app-view's ({@code @atproto/bsky}) own schema: the release skybatch matches, and its creation where the
 * app-view's migrator never ran.
 */
package skybatch.sql.appview;
