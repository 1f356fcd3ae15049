package io.udpgraph.bench;

import io.udpgraph.protocol.Frames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The strangers of a soak, each kind on a thread of its own from a loopback address of its own (127.0.0.2-5), so
 * they share no per-source budget with the legitimate clients on 127.0.0.1: random garbage; long polls
 * ({@code GET:1:60000}) each from a fresh source port; {@code LEASE:1024:1} storms; and ACKs of guessed lease
 * ids (bare sequence numbers and random tags). Each sends {@code rate} datagrams per second and reads no reply.
 */
final class HostileTraffic implements AutoCloseable {
    /** The kinds, in the order of their source addresses. */
    static final List<String> KINDS = List.of("garbage", "long-poll", "lease-storm", "ack-guess");

    private final InetSocketAddress target;
    private final int rate;
    private final List<String> kinds;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong[] sent = new AtomicLong[KINDS.size()];
    private volatile boolean running = true;

    /** {@code kinds}: which of {@link #KINDS} to send. */
    HostileTraffic(InetSocketAddress target, int rate, List<String> kinds) {
        this.target = target;
        this.rate = rate;
        this.kinds = kinds;
        for (int k = 0; k < KINDS.size(); k++) {
            sent[k] = new AtomicLong();
            int kind = k;
            Thread t = new Thread(() -> run(kind), "hostile-" + KINDS.get(k));
            t.setDaemon(true);
            threads.add(t);
        }
    }

    /** Starts the kinds asked for; with a rate of 0 none (a baseline soak without strangers). */
    void start() {
        for (int k = 0; k < KINDS.size(); k++) {
            if (rate > 0 && kinds.contains(KINDS.get(k))) {
                threads.get(k).start();
            }
        }
    }

    /** Datagrams each kind has sent so far, as {@code garbage=… long-poll=…}. */
    String sent() {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < KINDS.size(); k++) {
            b.append(k == 0 ? "" : " ").append(KINDS.get(k)).append('=').append(sent[k].get());
        }
        return b.toString();
    }

    private void run(int kind) {
        InetSocketAddress from = new InetSocketAddress("127.0.0." + (2 + kind), 0);
        SplittableRandom random = new SplittableRandom(kind);
        long tickNanos = 10_000_000L;
        int perTick = Math.max(1, rate / 100);
        DatagramChannel channel = null;
        try {
            channel = DatagramChannel.open().bind(from);
            long next = System.nanoTime();
            while (running) {
                for (int i = 0; i < perTick; i++) {
                    ByteBuffer datagram = datagram(kind, random);
                    if (kind == 1) {
                        // a fresh source port for every long poll: many ports, one address
                        try (DatagramChannel fresh = DatagramChannel.open().bind(from)) {
                            fresh.send(datagram, target);
                        }
                    } else {
                        channel.send(datagram, target);
                    }
                    sent[kind].incrementAndGet();
                }
                next += tickNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
                } else {
                    next = System.nanoTime();
                }
            }
        } catch (IOException e) {
            System.err.println("hostile " + KINDS.get(kind) + " stopped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing a datagram socket: nothing to do
                }
            }
        }
    }

    private static ByteBuffer datagram(int kind, SplittableRandom random) {
        return switch (kind) {
            case 0 -> {
                byte[] junk = new byte[1 + random.nextInt(512)];
                random.nextBytes(junk);
                yield ByteBuffer.wrap(junk);
            }
            case 1 -> ByteBuffer.wrap(Frames.encode("GET:1:60000"));
            case 2 -> ByteBuffer.wrap(Frames.encode("LEASE:1024:1"));
            default -> ByteBuffer.wrap(Frames.encode(guesses(random)));
        };
    }

    /** 32 bare sequence numbers and 32 of them with random tags, in one ACK. */
    private static String guesses(SplittableRandom random) {
        StringBuilder b = new StringBuilder("ACK:");
        for (int i = 0; i < 64; i++) {
            long sequence = random.nextLong(1, 10_000_000);
            b.append(i == 0 ? "" : ",").append(sequence);
            if (i % 2 == 1) {
                b.append('.').append(String.format(Locale.ROOT, "%016x", random.nextLong()));
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            if (t.isAlive()) {
                t.join(2_000);
            }
        }
    }
}
