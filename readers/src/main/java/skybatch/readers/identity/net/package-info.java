/**
 * Which network addresses identity resolution may send requests to: {@link
 * skybatch.readers.identity.net.AddressPolicy} refuses loopback, private, link-local, multicast and unspecified
 * addresses unless an allow-list of {@link skybatch.readers.identity.net.Cidr} ranges admits them, so that a handle
 * or a redirect cannot make the job probe its own network.
 */
package skybatch.readers.identity.net;
