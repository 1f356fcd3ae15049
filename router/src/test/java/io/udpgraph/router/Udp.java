package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** Loopback UDP helpers for the router's tests: clients, a recording sink that may echo, waiting. */
final class Udp {
    private Udp() {
    }

    /** A client socket on 127.0.0.1 with a deep receive buffer and a read timeout. */
    static DatagramSocket client(Duration timeout) throws SocketException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        s.setReceiveBufferSize(4 << 20);
        s.setSoTimeout((int) timeout.toMillis());
        return s;
    }

    static void send(DatagramSocket s, InetSocketAddress to, byte[] data) throws IOException {
        s.send(new DatagramPacket(data, data.length, to));
    }

    static void send(DatagramSocket s, InetSocketAddress to, String text) throws IOException {
        send(s, to, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The next datagram, or null after the socket's timeout. */
    static byte[] receive(DatagramSocket s) throws IOException {
        byte[] buf = new byte[65_536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            s.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(buf, p.getLength());
    }

    /**
     * Sends every datagram, pausing whenever more than {@code window} are ahead of {@code progress}, so no
     * socket buffer on the way overflows and the input sequence is the same on every run.
     */
    static void sendPaced(DatagramSocket s, InetSocketAddress to, List<byte[]> datagrams, int window,
                          LongSupplier progress) throws IOException {
        long base = progress.getAsLong();
        for (int i = 0; i < datagrams.size(); i++) {
            final long sent = i;
            if (sent - (progress.getAsLong() - base) >= window) {
                await(() -> sent - (progress.getAsLong() - base) < window / 2, Duration.ofSeconds(10),
                        "the router to read what was sent");
            }
            send(s, to, datagrams.get(i));
        }
    }

    /** Polls until {@code condition} holds; fails the test with {@code what} after {@code timeout}. */
    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    /** Waits until {@code value} stops changing for {@code quiet}. */
    static long settle(LongSupplier value, Duration quiet) {
        long last = value.getAsLong();
        long since = System.nanoTime();
        while (System.nanoTime() - since < quiet.toNanos()) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            long now = value.getAsLong();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            }
        }
        return last;
    }

    /** Datagrams whose text is a decimal sequence number 0..n-1. */
    static List<byte[]> numbered(int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
        }
        return out;
    }

    /** A socket on 127.0.0.1 that records every datagram it gets, and echoes it back when asked to. */
    static final class Sink implements AutoCloseable {
        record Received(byte[] data, long nanos, InetSocketAddress from) {
            String text() {
                return new String(data, StandardCharsets.UTF_8);
            }
        }

        private final DatagramSocket socket;
        private final boolean echo;
        private final List<Received> received = new ArrayList<>();
        private final Thread thread;

        Sink(boolean echo) throws SocketException {
            this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            this.socket.setReceiveBufferSize(4 << 20);
            this.echo = echo;
            this.thread = new Thread(this::run, "test-sink");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void run() {
            byte[] buf = new byte[65_536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            while (!socket.isClosed()) {
                try {
                    p.setLength(buf.length);
                    socket.receive(p);
                    byte[] data = Arrays.copyOf(buf, p.getLength());
                    synchronized (received) {
                        received.add(new Received(data, System.nanoTime(), (InetSocketAddress) p.getSocketAddress()));
                    }
                    if (echo) {
                        socket.send(new DatagramPacket(data, data.length, p.getSocketAddress()));
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        int count() {
            synchronized (received) {
                return received.size();
            }
        }

        List<Received> received() {
            synchronized (received) {
                return new ArrayList<>(received);
            }
        }

        List<String> texts() {
            List<String> out = new ArrayList<>();
            for (Received r : received()) {
                out.add(r.text());
            }
            return out;
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
