/** Small helpers the network readers share: sizes, Retry-After, and the stop request of the run that reads. */
package skybatch.readers.support;
