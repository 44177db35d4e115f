/**
 * Which network addresses skybatch may send requests to, and the guard that enforces it on every outbound
 * connection. {@link skybatch.readers.net.AddressPolicy} refuses loopback, private, link-local, multicast,
 * unspecified and reserved addresses (also when an IPv6 address embeds one) unless an allow-list of {@link
 * skybatch.readers.net.Cidr} ranges admits them, so that a PLC operation, a handle or a redirect cannot make a job
 * probe its own network. {@link skybatch.readers.net.EgressGuard} is what every HTTP and WebSocket client uses: it
 * sends their connections through a proxy inside the process that resolves each host once, checks the addresses
 * and connects to the very address it checked, so that a name answering differently the second time (DNS
 * rebinding) gains nothing.
 */
package skybatch.readers.net;
