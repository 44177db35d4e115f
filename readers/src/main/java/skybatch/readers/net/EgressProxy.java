package skybatch.readers.net;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A forward proxy on 127.0.0.1 for the process's own HTTP clients ({@link EgressGuard} points them at it). For each
 * connection it reads the request head (CONNECT for HTTPS and WebSockets, an absolute-form request for plain HTTP),
 * resolves the host once, refuses it unless the policy permits its addresses, and connects to an address it
 * checked, never to the name; then it relays the bytes both ways. Plain HTTP connections carry one request each
 * ({@code Connection: close} both ways), so a connection never changes host.
 */
final class EgressProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EgressProxy.class);
    private static final int MAX_HEAD_BYTES = 64 << 10;
    /** Marks the proxy's own refusal of a plain HTTP request, to tell it from a server's 403. */
    static final String REFUSED_HEADER = "Skybatch-Egress";
    /** Hop-by-hop headers of a plain HTTP request, which the proxy replaces by its own {@code Connection}. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "proxy-connection", "keep-alive", "upgrade",
            "http2-settings", "te", "proxy-authorization");

    private final AddressCheck check;
    private final int timeoutMillis;
    private final ServerSocket server;
    private final ExecutorService threads;

    EgressProxy(AddressCheck check, Duration timeout) throws IOException {
        this.check = check;
        this.timeoutMillis = (int) timeout.toMillis();
        this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "egress-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::accept);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("egress proxy: accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        try {
            client.setSoTimeout(timeoutMillis);
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            OutputStream toClient = client.getOutputStream();
            String head = readHead(fromClient);
            if (head == null) {
                client.close();
                return;
            }
            Request request;
            try {
                request = Request.parse(head);
            } catch (IllegalArgumentException e) {
                answer(toClient, 400, "Bad Request", "", e.getMessage());
                client.close();
                return;
            }
            List<InetAddress> addresses;
            try {
                addresses = check.permitted(request.host());
            } catch (IOException e) {
                log.warn("refused a connection to {}:{}: {}", request.host(), request.port(), e.getMessage());
                answer(toClient, 403, "Forbidden", REFUSED_HEADER + ": refused\r\n", e.getMessage());
                client.close();
                return;
            }
            upstream = connect(addresses, request.port());
            if (upstream == null) {
                answer(toClient, 502, "Bad Gateway", "", "cannot connect to " + request.host() + ":" + request.port());
                client.close();
                return;
            }
            client.setSoTimeout(0);
            OutputStream toUpstream = upstream.getOutputStream();
            if (request.tunnel()) {
                toClient.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                toClient.flush();
            } else {
                toUpstream.write(request.forwardedHead().getBytes(StandardCharsets.ISO_8859_1));
                toUpstream.flush();
            }
            Socket server = upstream;
            boolean tunnel = request.tunnel();
            threads.execute(() -> relayResponses(server, client, tunnel));
            fromClient.transferTo(toUpstream);
        } catch (IOException e) {
            // either side went away: both are closed below
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private void relayResponses(Socket upstream, Socket client, boolean tunnel) {
        try {
            InputStream fromUpstream = new BufferedInputStream(upstream.getInputStream());
            OutputStream toClient = client.getOutputStream();
            if (!tunnel) {
                String head = readHead(fromUpstream);
                if (head == null) {
                    return;
                }
                toClient.write(closingHead(head).getBytes(StandardCharsets.ISO_8859_1));
            }
            fromUpstream.transferTo(toClient);
            toClient.flush();
        } catch (IOException e) {
            // either side went away
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private Socket connect(List<InetAddress> addresses, int port) {
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), timeoutMillis);
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
            }
        }
        return null;
    }

    /** The head up to its blank line, or null when the stream ends first; fails when it is too long. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            if (head.size() > MAX_HEAD_BYTES) {
                throw new IOException("head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** A response head with its hop-by-hop headers replaced by {@code Connection: close}. */
    private static String closingHead(String head) {
        StringBuilder out = new StringBuilder();
        String[] lines = head.split("\r\n");
        out.append(lines[0]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            if (!HOP_BY_HOP.contains(headerName(lines[i]))) {
                out.append(lines[i]).append("\r\n");
            }
        }
        return out.append("Connection: close\r\n\r\n").toString();
    }

    private static String headerName(String line) {
        int colon = line.indexOf(':');
        return (colon < 0 ? line : line.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
    }

    private static void answer(OutputStream out, int status, String phrase, String headers, String detail)
            throws IOException {
        byte[] body = detail.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " " + phrase + "\r\n" + headers
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }

    /** What a client asked the proxy for: a tunnel, or one plain HTTP request to forward. */
    private record Request(String host, int port, boolean tunnel, String forwardedHead) {

        static Request parse(String head) {
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            if (requestLine.length != 3) {
                throw new IllegalArgumentException("not an HTTP request line: " + abbreviate(lines[0]));
            }
            if (requestLine[0].equals("CONNECT")) {
                String target = requestLine[1];
                int colon = target.lastIndexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("CONNECT without a port: " + abbreviate(target));
                }
                return new Request(unbracketed(target.substring(0, colon)), port(target.substring(colon + 1)),
                        true, "");
            }
            URI uri;
            try {
                uri = new URI(requestLine[1]);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a URI: " + abbreviate(requestLine[1]));
            }
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an absolute http URI: " + abbreviate(requestLine[1]));
            }
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            StringBuilder forwarded = new StringBuilder(requestLine[0] + " " + path + " " + requestLine[2] + "\r\n");
            for (int i = 1; i < lines.length; i++) {
                if (!HOP_BY_HOP.contains(headerName(lines[i]))) {
                    forwarded.append(lines[i]).append("\r\n");
                }
            }
            forwarded.append("Connection: close\r\n\r\n");
            return new Request(unbracketed(uri.getHost()), uri.getPort() < 0 ? 80 : uri.getPort(), false,
                    forwarded.toString());
        }

        private static int port(String text) {
            try {
                int port = Integer.parseInt(text);
                if (port > 0 && port < 65536) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("not a port: " + abbreviate(text));
        }

        private static String unbracketed(String host) {
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        }

        private static String abbreviate(String text) {
            return text.length() <= 200 ? text : text.substring(0, 200) + "...";
        }
    }
}
