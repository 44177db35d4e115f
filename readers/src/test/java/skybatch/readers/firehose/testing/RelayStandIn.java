package skybatch.readers.firehose.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A relay (or labeler) on 127.0.0.1 for tests: an RFC 6455 WebSocket server over a plain {@link ServerSocket}
 * that serves the frames {@link #publish published} to it as a subscription does. A connection with
 * {@code ?cursor=N} gets every frame from seq N (inclusive, as the real relay) and then the live ones; without a
 * cursor, only the live ones; a cursor past the last seq gets a FutureCursor error frame. {@link #nextConnection}
 * gives the next connections a script: drop the connection, stall, or answer with error frames. Messages are sent
 * in fragments of {@link #fragmentSize} bytes when it is set.
 */
public final class RelayStandIn implements AutoCloseable {

    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final Pattern CURSOR = Pattern.compile("[?&]cursor=(-?\\d+)");

    private final ServerSocket server;
    private final List<Stored> frames = new ArrayList<>();
    private final Deque<Script> scripts = new ArrayDeque<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile int fragmentSize;
    private volatile boolean closed;

    private RelayStandIn() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::acceptLoop, "relay-stand-in-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static RelayStandIn start() {
        try {
            return new RelayStandIn();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the relay stand-in on 127.0.0.1", e);
        }
    }

    /** The base URL to subscribe at: {@code ws://127.0.0.1:port}. */
    public URI url() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort());
    }

    /** What a connection does besides serving frames; one script per connection, in the order given. */
    public record Script(int dropAfter, int stallAfter, List<byte[]> answer) {

        /** Ends the TCP connection, without a WebSocket close frame, after sending {@code frames} frames. */
        public static Script dropAfter(int frames) {
            return new Script(frames, -1, List.of());
        }

        /** Sends {@code frames} frames, then nothing more, keeping the connection open. */
        public static Script stallAfter(int frames) {
            return new Script(-1, frames, List.of());
        }

        /** Sends these frames (error frames, say) and closes with a close frame. */
        public static Script answer(byte[]... frames) {
            return new Script(-1, -1, List.of(frames));
        }
    }

    /** Adds a frame with its seq: replayed to cursors at or below it, sent to the live connections. */
    public synchronized void publish(long seq, byte[] frame) {
        frames.add(new Stored(seq, frame));
        notifyAll();
    }

    /** Adds a frame without a seq of its own (a bad one): sent as if it had the seq of the frame before it. */
    public synchronized void publishRaw(byte[] frame) {
        frames.add(new Stored(frames.isEmpty() ? 0 : frames.get(frames.size() - 1).seq(), frame));
        notifyAll();
    }

    public synchronized void nextConnection(Script script) {
        scripts.addLast(script);
    }

    /** Sends each message in fragments of this many bytes (0: whole). */
    public void fragmentSize(int bytes) {
        fragmentSize = bytes;
    }

    /** The request targets seen, such as {@code /xrpc/com.atproto.sync.subscribeRepos?cursor=5}, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        synchronized (this) {
            notifyAll();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread thread = new Thread(() -> serve(socket), "relay-stand-in-connection");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 << 10);
            String target = handshake(in, out);
            Matcher cursor = CURSOR.matcher(target);
            Script script;
            int position;
            // the live end is taken before the request is seen: a frame published once requests() shows the
            // connection reaches it
            synchronized (this) {
                script = scripts.pollFirst();
                position = cursor.find() ? startFrom(Long.parseLong(cursor.group(1))) : liveEnd();
                requests.add(target);
            }
            Thread reader = new Thread(() -> drainClientFrames(socket, in), "relay-stand-in-reader");
            reader.setDaemon(true);
            reader.start();
            if (script != null && !script.answer().isEmpty()) {
                for (byte[] frame : script.answer()) {
                    sendMessage(out, frame);
                }
                sendClose(out, 1000);
                return;
            }
            if (position < 0) {
                sendMessage(out, StreamFrames.error("FutureCursor", "Cursor in the future."));
                sendClose(out, 1000);
                return;
            }
            follow(socket, out, position, script);
        } catch (IOException | InterruptedException e) {
            // the client went away, or the stand-in closed
        } finally {
            open.remove(socket);
        }
    }

    private void follow(Socket socket, OutputStream out, int position, Script script)
            throws IOException, InterruptedException {
        for (int sent = 0; ; sent++) {
            if (script != null && script.dropAfter() == sent) {
                socket.shutdownOutput(); // the TCP connection ends without a WebSocket close frame
                return;
            }
            if (script != null && script.stallAfter() == sent) {
                while (!closed && !socket.isClosed()) {
                    synchronized (this) {
                        wait(100);
                    }
                }
                return;
            }
            byte[] frame = awaitFrame(socket, position++);
            if (frame == null) {
                return;
            }
            sendMessage(out, frame);
        }
    }

    private synchronized byte[] awaitFrame(Socket socket, int position) throws InterruptedException {
        while (position >= frames.size()) {
            if (closed || socket.isClosed()) {
                return null;
            }
            wait(100);
        }
        return frames.get(position).frame();
    }

    /** The position of the first frame at or after {@code cursor}; -1 when the cursor is in the future. */
    private synchronized int startFrom(long cursor) {
        if (!frames.isEmpty() && cursor > frames.get(frames.size() - 1).seq()) {
            return -1;
        }
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).seq() >= cursor) {
                return i;
            }
        }
        return frames.size();
    }

    private synchronized int liveEnd() {
        return frames.size();
    }

    private static String handshake(InputStream in, OutputStream out) throws IOException {
        String requestLine = readLine(in);
        String key = null;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                key = line.substring(colon + 1).trim();
            }
        }
        String[] parts = requestLine.split(" ");
        if (key == null || parts.length < 2) {
            out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            throw new IOException("not a WebSocket handshake: " + requestLine);
        }
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return parts[1];
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed during the handshake");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private void sendMessage(OutputStream out, byte[] message) throws IOException {
        int size = fragmentSize;
        if (size <= 0 || message.length <= size) {
            writeFrame(out, true, 0x2, message, 0, message.length);
        } else {
            for (int from = 0; from < message.length; from += size) {
                int length = Math.min(size, message.length - from);
                writeFrame(out, from + length == message.length, from == 0 ? 0x2 : 0x0, message, from, length);
            }
        }
        out.flush();
    }

    private static void sendClose(OutputStream out, int code) throws IOException {
        writeFrame(out, true, 0x8, new byte[] {(byte) (code >> 8), (byte) code}, 0, 2);
        out.flush();
    }

    /** A server frame: FIN and opcode, the payload length in its shortest form, no mask. */
    private static void writeFrame(OutputStream out, boolean fin, int opcode, byte[] payload, int from, int length)
            throws IOException {
        out.write((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            out.write(length);
        } else if (length < 1 << 16) {
            out.write(126);
            out.write(length >>> 8);
            out.write(length);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >>> shift));
            }
        }
        out.write(payload, from, length);
    }

    /** Reads (and drops) what the client sends, until it closes. */
    private void drainClientFrames(Socket socket, InputStream in) {
        try {
            while (true) {
                int first = in.read();
                int second = in.read();
                if (first < 0 || second < 0) {
                    break;
                }
                long length = second & 0x7f;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | in.read();
                    }
                }
                if ((second & 0x80) != 0) {
                    in.readNBytes(4); // the client's mask
                }
                in.readNBytes((int) length);
                if ((first & 0x0f) == 0x8) {
                    break; // the client closes: so does the stand-in, without answering
                }
            }
        } catch (IOException e) {
            // gone
        }
        closeQuietly(socket);
        synchronized (this) {
            notifyAll();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private record Stored(long seq, byte[] frame) {}
}
