/**
 * A "loopback internet" for identity tests: {@link skybatch.readers.identity.testing.LoopbackInternet} runs on
 * 127.0.0.1 a DNS server (UDP and TCP), and one HTTP server that plays every host (handles' well-knowns, did:web
 * hosts, the PLC directory) and receives all requests as their proxy, so no request ever leaves the machine.
 * Answers can be slowed down or replaced by faults ({@link skybatch.readers.identity.testing.DnsFault}, {@link
 * skybatch.readers.identity.testing.HttpFault}), and the traffic each host received can be inspected ({@link
 * skybatch.readers.identity.testing.HostTraffic}). {@link skybatch.readers.identity.testing.TestIdentities} makes
 * DIDs and documents, and {@link skybatch.readers.identity.testing.Outcomes} reads the failure a step ended with.
 */
package skybatch.readers.identity.testing;
