/** Small helpers the HTTP readers share. */
package skybatch.readers.support;
