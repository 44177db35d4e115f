package skybatch.readers.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guard against servers on 127.0.0.1 (and 127.0.0.2, which the policy refuses), with names resolved by a
 * stand-in resolver that answers what each test scripts: refused hosts must see no connection at all.
 */
class EgressGuardTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, List<InetAddress>> answers = new ConcurrentHashMap<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : closing) {
            resource.close();
        }
    }

    /** A stand-in DNS: each lookup of a name takes the next scripted answer, the last one repeating. */
    private List<InetAddress> lookUp(String host) throws IOException {
        List<InetAddress> scripted = answers.get(host);
        if (scripted == null) {
            throw new IOException("no such host " + host);
        }
        return List.of(scripted.size() > 1 ? scripted.remove(0) : scripted.get(0));
    }

    private void answer(String host, String... addresses) {
        List<InetAddress> list = new ArrayList<>();
        for (String address : addresses) {
            list.add(Cidr.parseLiteral(address).orElseThrow());
        }
        answers.put(host, Collections.synchronizedList(list));
    }

    private EgressGuard guard(AddressPolicy policy) {
        EgressGuard guard = EgressGuard.start(policy, this::lookUp);
        closing.add(guard);
        return guard;
    }

    private HttpClient client(EgressGuard guard, HttpClient.Redirect redirects) {
        return guard.route(HttpClient.newBuilder()).connectTimeout(TIMEOUT).followRedirects(redirects)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Counts the TCP connections made to it; answers nothing. */
    private CountingServer countingServer(String address) throws IOException {
        CountingServer server = new CountingServer(InetAddress.getByName(address));
        closing.add(server);
        return server;
    }

    private HttpServer httpServer(String address, String path, int status, String location, String body)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        closing.add(() -> server.stop(0));
        return server;
    }

    private static HttpRequest get(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT).GET().build();
    }

    @Test
    void aNameResolvingToAPrivateAddressIsRefusedBeforeAnyConnection() throws IOException {
        CountingServer target = countingServer("127.0.0.1");
        answer("metadata.test", "127.0.0.1");
        EgressGuard guard = guard(AddressPolicy.publicOnly());
        HttpClient client = client(guard, HttpClient.Redirect.NEVER);

        for (String uri : List.of("http://metadata.test:" + target.port() + "/",
                "https://metadata.test:" + target.port() + "/", "http://127.0.0.1:" + target.port() + "/",
                "http://[::ffff:127.0.0.1]:" + target.port() + "/")) {
            assertThatThrownBy(() -> guard.send(client, get(uri), HttpResponse.BodyHandlers.ofString(), 3))
                    .as(uri).isInstanceOf(BlockedAddressException.class).hasMessageContaining("127.0.0.1");
        }
        assertThat(target.connections()).isZero();
    }

    @Test
    void theProxyRefusesWhatItResolvesAtConnectTime() throws Exception {
        CountingServer target = countingServer("127.0.0.1");
        EgressGuard guard = guard(AddressPolicy.publicOnly());
        HttpClient client = client(guard, HttpClient.Redirect.NEVER);

        HttpResponse<String> plain = client.send(get("http://127.0.0.1:" + target.port() + "/"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(403);
        assertThat(EgressGuard.refused(plain)).isTrue();
        assertThat(plain.body()).contains("127.0.0.1", "outside public addresses");
        assertThatThrownBy(() -> client.send(get("https://127.0.0.1:" + target.port() + "/"),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        assertThat(target.connections()).isZero();
    }

    @Test
    void aRebindingNameIsRefusedWhenTheClientConnects() throws Exception {
        CountingServer target = countingServer("127.0.0.1");
        // public for the check before the request, loopback for the lookup that connects
        answer("rebind.test", "93.184.216.34", "127.0.0.1");
        EgressGuard guard = guard(AddressPolicy.publicOnly());
        HttpClient client = client(guard, HttpClient.Redirect.NEVER);
        URI uri = URI.create("https://rebind.test:" + target.port() + "/");

        guard.check(uri);
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);

        answer("rebind.test", "93.184.216.34", "127.0.0.1");
        assertThatThrownBy(() -> guard.send(client, get("http://rebind.test:" + target.port() + "/"),
                HttpResponse.BodyHandlers.ofString(), 0)).isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("refused when connecting");
        assertThat(target.connections()).isZero();
    }

    @Test
    void eachRedirectIsCheckedAgain() throws Exception {
        CountingServer internal = countingServer("127.0.0.2");
        String internalUri = "http://127.0.0.2:" + internal.port() + "/latest/meta-data/";
        HttpServer open = httpServer("127.0.0.1", "/", 302, internalUri, "");
        answer("pds.test", "127.0.0.1");
        EgressGuard guard = guard(AddressPolicy.publicOnly().allowing("127.0.0.1"));
        String start = "http://pds.test:" + open.getAddress().getPort() + "/xrpc/x";

        assertThatThrownBy(() -> guard.send(client(guard, HttpClient.Redirect.NEVER), get(start),
                HttpResponse.BodyHandlers.ofString(), 3))
                .isInstanceOf(BlockedAddressException.class).hasMessageContaining("127.0.0.2");
        // a client that lets the JDK follow redirects still connects through the guard at each hop
        HttpResponse<String> followed = client(guard, HttpClient.Redirect.NORMAL).send(get(start),
                HttpResponse.BodyHandlers.ofString());
        assertThat(followed.statusCode()).isEqualTo(403);
        assertThat(followed.body()).contains("127.0.0.2");
        assertThat(internal.connections()).isZero();
    }

    @Test
    void permittedHostsAreReachedThroughTheGuard() throws Exception {
        HttpServer server = httpServer("127.0.0.1", "/", 200, null, "hello");
        HttpServer moved = httpServer("127.0.0.1", "/", 301, "http://pds.test:" + server.getAddress().getPort()
                + "/there", "");
        answer("pds.test", "127.0.0.1");
        EgressGuard guard = guard(AddressPolicy.publicOnly().allowing("127.0.0.1"));
        HttpClient client = client(guard, HttpClient.Redirect.NEVER);

        for (int i = 0; i < 3; i++) { // one connection each: a proxied plain connection never changes host
            HttpResponse<String> response = guard.send(client,
                    get("http://pds.test:" + moved.getAddress().getPort() + "/here?n=" + i),
                    HttpResponse.BodyHandlers.ofString(), 3);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello");
            assertThat(response.uri().getPath()).isEqualTo("/there");
        }
    }

    @Test
    void webSocketsConnectThroughTheGuard() throws Exception {
        WebSocketServer server = new WebSocketServer();
        closing.add(server);
        answer("relay.test", "127.0.0.1");
        answer("internal.test", "127.0.0.2");
        EgressGuard guard = guard(AddressPolicy.publicOnly().allowing("127.0.0.1"));
        HttpClient client = client(guard, HttpClient.Redirect.NEVER);
        WebSocket.Listener listener = new WebSocket.Listener() {};

        WebSocket socket = client.newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(URI.create("ws://relay.test:" + server.port() + "/xrpc/subscribe"), listener)
                .get(10, TimeUnit.SECONDS);
        socket.abort();
        assertThat(server.handshakes()).isEqualTo(1);

        CountingServer internal = countingServer("127.0.0.2");
        assertThatThrownBy(() -> client.newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(URI.create("ws://internal.test:" + internal.port() + "/"), listener)
                .get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(internal.connections()).isZero();
    }

    /** Accepts connections and counts them. */
    private static final class CountingServer implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();

        CountingServer(InetAddress address) throws IOException {
            socket = new ServerSocket(0, 50, address);
            Thread thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket accepted = socket.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "counting-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Answers WebSocket handshakes (RFC 6455 section 4.2.2), then holds the connection until closed. */
    private static final class WebSocketServer implements AutoCloseable {
        private static final Pattern KEY = Pattern.compile("(?im)^sec-websocket-key:\\s*(\\S+)");
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger handshakes = new AtomicInteger();
        private final List<Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();

        WebSocketServer() throws IOException {
            Thread thread = new Thread(this::serve, "websocket-server");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try {
                    Socket accepted = socket.accept();
                    open.add(accepted);
                    InputStream in = accepted.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        int b = in.read();
                        if (b < 0) {
                            break;
                        }
                        head.append((char) b);
                    }
                    Matcher key = KEY.matcher(head);
                    if (!key.find()) {
                        accepted.close();
                        continue;
                    }
                    String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                            (key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
                    accepted.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    handshakes.incrementAndGet();
                } catch (IOException e) {
                    return;
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        int handshakes() {
            return handshakes.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
