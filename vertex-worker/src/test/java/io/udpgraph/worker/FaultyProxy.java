package io.udpgraph.worker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP hop in front of one node that misbehaves as a network may, as a plan decides per datagram: drop it,
 * change a byte, hold it back (reordering it behind later ones), send it twice. Like a real router it keeps a
 * session (an upstream socket) per client address, so a reply, a late one included, goes back to the port that
 * sent its request. One thread; everything in memory.
 */
final class FaultyProxy implements AutoCloseable {
    /** Which way a datagram travels. */
    enum Way { UP, DOWN }

    /** Send {@code bytes} the given way for {@code client}, after {@code delayMs}. */
    record Send(Way way, InetSocketAddress client, byte[] bytes, long delayMs) {
    }

    /** What becomes of one datagram: the sends it causes (none: dropped). Called on the proxy's thread. */
    interface Plan {
        List<Send> decide(Way way, InetSocketAddress client, byte[] datagram);
    }

    /** Faults with given probabilities, drawn from a seeded generator (the same seed, the same decisions). */
    static Plan random(long seed, double drop, double duplicate, double reorder, double garble, Counts counts) {
        Random rnd = new Random(seed);
        return (way, client, datagram) -> {
            if (rnd.nextDouble() < drop) {
                counts.dropped.incrementAndGet();
                return List.of();
            }
            byte[] bytes = datagram;
            if (datagram.length > 0 && rnd.nextDouble() < garble) {
                bytes = datagram.clone();
                bytes[rnd.nextInt(bytes.length)] ^= (byte) (1 + rnd.nextInt(255));
                counts.garbled.incrementAndGet();
            }
            List<Send> out = new ArrayList<>(2);
            long delay = 0;
            if (rnd.nextDouble() < reorder) {
                delay = 1 + rnd.nextInt(20);
                counts.reordered.incrementAndGet();
            }
            out.add(new Send(way, client, bytes, delay));
            if (rnd.nextDouble() < duplicate) {
                // the copy comes a little later, often while the client waits for the answer to its next request
                out.add(new Send(way, client, datagram.clone(), rnd.nextInt(30)));
                counts.duplicated.incrementAndGet();
            }
            return out;
        };
    }

    /** Every request goes up twice; replies come back as they are (so each reply arrives twice). */
    static Plan duplicateRequests(Counts counts) {
        return (way, client, datagram) -> {
            if (way == Way.DOWN) {
                return List.of(new Send(way, client, datagram, 0));
            }
            counts.duplicated.incrementAndGet();
            return List.of(new Send(way, client, datagram, 0), new Send(way, client, datagram.clone(), 0));
        };
    }

    /** What a plan did, for the test to check that the faults happened. */
    static final class Counts {
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong duplicated = new AtomicLong();
        final AtomicLong reordered = new AtomicLong();
        final AtomicLong garbled = new AtomicLong();

        @Override
        public String toString() {
            return "dropped=" + dropped + " duplicated=" + duplicated + " reordered=" + reordered
                    + " garbled=" + garbled;
        }
    }

    private record Held(long dueNanos, long seq, Send send) {
    }

    private final InetSocketAddress target;
    private final Plan plan;
    private final DatagramChannel front;
    private final Selector selector;
    private final Map<InetSocketAddress, DatagramChannel> sessions = new HashMap<>();
    private final PriorityQueue<Held> held = new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos
            ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
    private final Thread thread;
    private long seq;

    FaultyProxy(InetSocketAddress target, Plan plan) throws IOException {
        this.target = target;
        this.plan = plan;
        front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        front.configureBlocking(false);
        selector = Selector.open();
        front.register(selector, SelectionKey.OP_READ);
        thread = new Thread(this::run, "faulty-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) front.getLocalAddress();
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        try {
            while (selector.isOpen()) {
                long wait = held.isEmpty() ? 0
                        : Math.max(1, TimeUnit.NANOSECONDS.toMillis(held.peek().dueNanos - System.nanoTime()));
                selector.select(wait);
                for (SelectionKey k : selector.selectedKeys()) {
                    DatagramChannel ch = (DatagramChannel) k.channel();
                    while (true) {
                        buf.clear();
                        InetSocketAddress from;
                        try {
                            from = (InetSocketAddress) ch.receive(buf);
                        } catch (PortUnreachableException e) {
                            continue;
                        }
                        if (from == null) {
                            break;
                        }
                        buf.flip();
                        byte[] datagram = new byte[buf.remaining()];
                        buf.get(datagram);
                        boolean up = ch == front;
                        InetSocketAddress client = up ? from : (InetSocketAddress) k.attachment();
                        for (Send s : plan.decide(up ? Way.UP : Way.DOWN, client, datagram)) {
                            long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(s.delayMs());
                            held.add(new Held(due, seq++, s));
                        }
                    }
                }
                selector.selectedKeys().clear();
                while (!held.isEmpty() && held.peek().dueNanos <= System.nanoTime()) {
                    deliver(held.poll().send);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // closed
        }
    }

    private void deliver(Send s) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(s.bytes());
        if (s.way() == Way.DOWN) {
            front.send(data, s.client());
            return;
        }
        DatagramChannel session = sessions.get(s.client());
        if (session == null) {
            session = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            session.configureBlocking(false);
            session.register(selector, SelectionKey.OP_READ, s.client());
            sessions.put(s.client(), session);
        }
        session.send(data, target);
    }

    @Override
    public void close() throws IOException {
        selector.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        front.close();
        for (DatagramChannel ch : sessions.values()) {
            ch.close();
        }
    }
}
