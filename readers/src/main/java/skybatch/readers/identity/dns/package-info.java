/**
 * DNS with dnsjava, asynchronous: {@link skybatch.readers.identity.dns.DnsClient} asks the configured recursive
 * servers for TXT records and host addresses, and {@link skybatch.readers.identity.dns.DnsHandleResolver} reads a
 * handle's DID from its {@code _atproto} TXT record.
 */
package skybatch.readers.identity.dns;
