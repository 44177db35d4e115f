package skybatch.readers.identity.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS server on 127.0.0.1 that answers from its own records, on UDP (truncating what does not fit, as real
 * servers do) and on TCP at the same port. Names without records are NXDOMAIN.
 */
final class FixtureDns implements AutoCloseable {

    private static final long TTL = 60;
    /** The largest UDP answer without EDNS. */
    private static final int CLASSIC_UDP_SIZE = 512;

    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    /** The answer a name takes once its current A record has been given out once. */
    private final Map<Name, Record> rebinds = new ConcurrentHashMap<>();
    private final Map<String, HostTraffic> traffic = new ConcurrentHashMap<>();
    private final Faults<DnsFault> faults = new Faults<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier latencyMillis;
    private final BooleanSupplier recording;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fixture-dns");
        thread.setDaemon(true);
        return thread;
    });

    FixtureDns(ScheduledExecutorService scheduler, LongSupplier latencyMillis, BooleanSupplier recording)
            throws IOException {
        this.scheduler = scheduler;
        this.latencyMillis = latencyMillis;
        this.recording = recording;
        this.udp = new DatagramSocket(null);
        this.tcp = bindSamePort(udp);
        // Thousands of queries can arrive at once; the default buffer would drop most of them.
        udp.setReceiveBufferSize(4 * 1024 * 1024);
        threads.execute(this::serveUdp);
        threads.execute(this::acceptTcp);
    }

    /**
     * Binds a TCP listener on a free port and the UDP socket on the same number. Another process may hold the UDP
     * port of a free TCP one, so a taken port is tried again with the next free one.
     */
    private static ServerSocket bindSamePort(DatagramSocket udp) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 1; ; attempt++) {
            ServerSocket tcp = new ServerSocket(0, 50, loopback);
            try {
                udp.bind(new InetSocketAddress(loopback, tcp.getLocalPort()));
                return tcp;
            } catch (SocketException taken) {
                tcp.close();
                if (attempt == 20) {
                    throw taken;
                }
            }
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort());
    }

    void txt(String name, List<String> values) {
        Name owner = name(name);
        records.put(owner, values.stream().<Record>map(value -> new TXTRecord(owner, DClass.IN, TTL, value))
                .toList());
    }

    void address(String host, InetAddress address) {
        Name owner = name(host);
        records.put(owner, List.of(address instanceof Inet6Address
                ? new AAAARecord(owner, DClass.IN, TTL, address)
                : new ARecord(owner, DClass.IN, TTL, address)));
    }

    /** The host answers {@code first} to one A query, then {@code then}; with a TTL of 0, so nobody caches it. */
    void rebinding(String host, InetAddress first, InetAddress then) {
        Name owner = name(host);
        records.put(owner, List.of(new ARecord(owner, DClass.IN, 0, first)));
        rebinds.put(owner, new ARecord(owner, DClass.IN, 0, then));
    }

    boolean hasRecords(String name) {
        return records.containsKey(name(name));
    }

    void fault(String name, DnsFault fault, int times) {
        faults.set(key(name), fault, times);
    }

    HostTraffic traffic(String name) {
        return traffic.computeIfAbsent(key(name), k -> new HostTraffic());
    }

    private static Name name(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        }
    }

    private static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
                OPTRecord opt = query.getOPT();
                int maxSize = opt == null ? CLASSIC_UDP_SIZE : Math.max(CLASSIC_UDP_SIZE, opt.getPayloadSize());
                answer(query).ifPresent(response -> later(() -> sendUdp(response.toWire(maxSize), client)));
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                // an unreadable query: ignore it, as servers do
            }
        }
    }

    private void sendUdp(byte[] wire, InetSocketAddress client) {
        try {
            udp.send(new DatagramPacket(wire, wire.length, client));
        } catch (IOException e) {
            // the fixture is closing
        }
    }

    private void acceptTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket socket = tcp.accept();
                connections.add(socket);
                threads.execute(() -> serveTcp(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serveTcp(Socket socket) {
        try (socket; DataInputStream in = new DataInputStream(socket.getInputStream())) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                Optional<Message> response = answer(new Message(query));
                if (response.isPresent()) {
                    byte[] wire = response.get().toWire();
                    synchronized (out) {
                        out.writeShort(wire.length);
                        out.write(wire);
                        out.flush();
                    }
                }
            }
        } catch (EOFException | SocketException e) {
            // the client or the fixture closed the connection
        } catch (IOException e) {
            throw new IllegalStateException("fixture DNS over TCP failed", e);
        }
    }

    private Optional<Message> answer(Message query) {
        Record question = query.getQuestion();
        if (recording.getAsBoolean()) {
            traffic(question.getName().toString()).arrived();
        }
        Optional<DnsFault> fault = faults.next(key(question.getName().toString()));
        if (fault.isPresent() && fault.get() == DnsFault.TIMEOUT) {
            return Optional.empty();
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(question, Section.QUESTION);
        List<Record> known = records.get(question.getName());
        if (question.getType() == Type.A && known != null) {
            Record next = rebinds.remove(question.getName());
            if (next != null) {
                records.put(question.getName(), List.of(next));
            }
        }
        if (fault.isPresent()) {
            response.getHeader().setRcode(fault.get() == DnsFault.NXDOMAIN ? Rcode.NXDOMAIN : Rcode.SERVFAIL);
        } else if (known == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        } else {
            known.stream().filter(r -> r.getType() == question.getType())
                    .forEach(r -> response.addRecord(r, Section.ANSWER));
        }
        return Optional.of(response);
    }

    private void later(Runnable task) {
        long delay = latencyMillis.getAsLong();
        if (delay <= 0) {
            task.run();
        } else {
            scheduler.schedule(task, delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
        for (Socket socket : connections) {
            socket.close();
        }
        threads.shutdownNow();
    }
}
