/** Where the jobs may connect to: the one {@link skybatch.readers.net.EgressGuard} of the application. */
package skybatch.jobs.egress;
