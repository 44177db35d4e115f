/** Small helpers the table writers share. */
package skybatch.writers.support;
