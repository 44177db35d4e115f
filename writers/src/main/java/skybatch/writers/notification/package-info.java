/**
 * The app-view's notifications ({@code notification}), derived set-based from the record tables as its indexing
 * plugins derive them record by record: {@link skybatch.writers.notification.NotificationWriter}.
 */
package skybatch.writers.notification;
