package io.udpgraph.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The closed-loop load the queue node gets, pointed at Redis: one thread, {@code clients} TCP connections, each
 * with one request outstanding, alternating {@code LPUSH q <100 bytes>} and {@code RPOP q}, as the C yard-stick's
 * {@code redis} mode does. A pair counts like a queue node's PUT/GET pair. Uses the plain RESP protocol.
 */
final class RedisLoad {
    private static final int VALUE_BYTES = 100;

    private RedisLoad() {
    }

    /** One connection's state: what it sent last, when, and the reply bytes read so far. */
    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(4096);
        boolean pop;
        long sentNanos;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }
    }

    static LoadResult run(InetSocketAddress at, int clients, Duration warmup, Duration window) throws IOException {
        String value = "x".repeat(VALUE_BYTES);
        ByteBuffer push = ascii("*3\r\n$5\r\nLPUSH\r\n$1\r\nq\r\n$" + VALUE_BYTES + "\r\n" + value + "\r\n");
        ByteBuffer pop = ascii("*2\r\n$4\r\nRPOP\r\n$1\r\nq\r\n");
        Histogram latency = new Histogram(1, Duration.ofSeconds(60).toNanos(), 3);
        long ops = 0;
        long errors = 0;
        long empty = 0;
        List<Conn> conns = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < clients; i++) {
                SocketChannel channel = SocketChannel.open(at);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                Conn c = new Conn(channel);
                conns.add(c);
                channel.register(selector, SelectionKey.OP_READ, c);
            }
            long start = System.nanoTime();
            long measureFrom = start + warmup.toNanos();
            long end = measureFrom + window.toNanos();
            for (Conn c : conns) {
                send(c, push);
            }
            while (System.nanoTime() < end) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Conn c = (Conn) key.attachment();
                    if (c.channel.read(c.in) < 0) {
                        throw new IOException("redis at " + at + " closed a connection");
                    }
                    int used = complete(c.in);
                    if (used == 0) {
                        continue;
                    }
                    long now = System.nanoTime();
                    if (now >= measureFrom && now < end) {
                        ops++;
                        latency.recordValue(Math.max(1, now - c.sentNanos));
                        errors += c.in.get(0) == '-' ? 1 : 0;
                        empty += c.pop && c.in.get(0) == '$' && c.in.get(1) == '-' ? 1 : 0;
                    }
                    c.in.clear();
                    c.pop = !c.pop;
                    send(c, c.pop ? pop : push);
                }
                selector.selectedKeys().clear();
            }
        } finally {
            for (Conn c : conns) {
                c.channel.close();
            }
        }
        return new LoadResult(Workload.of(Workload.Kind.PUT_GET), clients, 0, window.toNanos(), ops, ops, errors, empty,
                0, clients, latency);
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
    }

    private static void send(Conn c, ByteBuffer request) throws IOException {
        ByteBuffer b = request.duplicate();
        c.sentNanos = System.nanoTime();
        while (b.hasRemaining()) {
            c.channel.write(b);
        }
    }

    /** Bytes of one whole reply at the start of {@code in} (an integer, error, bulk or nil), or 0 while partial. */
    private static int complete(ByteBuffer in) {
        int n = in.position();
        int eol = -1;
        for (int i = 1; i < n; i++) {
            if (in.get(i - 1) == '\r' && in.get(i) == '\n') {
                eol = i + 1;
                break;
            }
        }
        if (eol < 0) {
            return 0;
        }
        if (in.get(0) != '$') {
            return eol;
        }
        int length = Integer.parseInt(new String(in.array(), 1, eol - 3, StandardCharsets.US_ASCII));
        int whole = length < 0 ? eol : eol + length + 2;
        return n >= whole ? whole : 0;
    }
}
