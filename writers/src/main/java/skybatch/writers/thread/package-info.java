/**
 * What the app-view's post plugin decides about a post from its thread: the posts a batch of repositories can change
 * ({@link skybatch.writers.thread.ThreadScope}) and their gate and validity flags
 * ({@link skybatch.writers.thread.ThreadFlagsWriter}), re-evaluated when a parent or a gate arrives later.
 */
package skybatch.writers.thread;
