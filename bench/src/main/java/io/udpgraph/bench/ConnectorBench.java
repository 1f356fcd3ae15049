package io.udpgraph.bench;

import io.udpgraph.connector.FrameCodec;
import io.udpgraph.connector.FrameSpan;
import io.udpgraph.connector.Framing;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.ProtocolLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The connector step: one queue node, one tcp-in and one tcp-out, each its own process from the scripts and kept
 * for every run, as a long-running graph keeps them. Per run, one TCP connection pours {@code messages} U32-framed
 * messages into tcp-in (timed from the first byte to the node holding them all), then this process connects to
 * tcp-out, which drains the node into it (timed from the first byte to the last message). Warm-up runs go first and
 * are reported but not counted, so the figures are the connectors' steady state rather than their JIT compilers'.
 */
final class ConnectorBench {
    /**
     * One run's rates, messages per second, and the CPU time per message of the connector and of the queue node
     * while they ran, in microseconds: on a shared machine the CPU cost says more than the rate.
     */
    record Run(double tcpIn, double tcpOut, double tcpInCpuUs, double nodeInCpuUs, double tcpOutCpuUs,
               double nodeOutCpuUs) {
    }

    /**
     * tcp-out's lease: a LEASE whose reply is lost leaves its messages leased until the lease ends, and a short one
     * gives them back before the next run.
     */
    private static final Duration LEASE = Duration.ofSeconds(2);
    /** How long a drained node may take to settle: tcp-out's last acknowledgement, or a lost grant's lease. */
    private static final Duration SETTLE = LEASE.plusSeconds(2);
    /**
     * How long tcp-out takes to see that the bench closed its connection: its long-poll LEASE on the empty node
     * (200 ms) ends, and the check after it finds the peer gone. Until then it could lease from the next pour.
     */
    private static final Duration PEER_GONE = Duration.ofMillis(600);

    private final Path home;
    private final int messages;
    private final int messageBytes;
    private final FrameCodec codec = Framing.U32.codec(ProtocolLimits.MAX_MESSAGE_BYTES);

    private final List<String> busyPoll;

    /** The step with {@code busyPoll} given to the node and both connectors ({@code --busy-poll}), null for their own. */
    ConnectorBench(Path home, int messages, int messageBytes, Duration busyPoll) {
        this.home = home;
        this.messages = messages;
        this.messageBytes = messageBytes;
        this.busyPoll = busyPoll == null ? List.of()
                : List.of("--busy-poll", io.udpgraph.runtime.DurationConverter.format(busyPoll));
    }

    private List<String> args(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(busyPoll);
        return all;
    }

    /** Starts the node, tcp-in and tcp-out, runs {@code warmups} runs unrecorded, then measures {@code runs}. */
    List<Run> run(int warmups, int runs) throws IOException, InterruptedException {
        List<Run> out = new java.util.ArrayList<>();
        try (NodeProcess node = NodeProcess.start(home, "mq", null, "mq-server", args("--port", "0",
                "--capacity", Integer.toString(messages), "--capacity-bytes", Long.toString(2L * messages
                        * messageBytes + (1 << 20))));
             NodeProcess tcpIn = startTcpIn(node.awaitAddress(Duration.ofSeconds(120)));
             NodeProcess tcpOut = startTcpOut(node.awaitAddress(Duration.ofSeconds(1)))) {
            InetSocketAddress at = node.awaitAddress(Duration.ofSeconds(1));
            InetSocketAddress feed = tcpIn.awaitAddress(Duration.ofSeconds(120));
            InetSocketAddress sink = tcpOut.awaitAddress(Duration.ofSeconds(120));
            for (int i = 0; i < warmups + runs; i++) {
                long tcpInCpu = cpuNanos(tcpIn.pid());
                long nodeCpu = cpuNanos(node.pid());
                double in = pour(feed, at);
                double tcpInUs = (cpuNanos(tcpIn.pid()) - tcpInCpu) / 1e3 / messages;
                double nodeInUs = (cpuNanos(node.pid()) - nodeCpu) / 1e3 / messages;
                double[] drained = drain(sink, tcpOut, at, node.pid());
                String name = i < warmups ? "warm-up " + (i + 1) : "run " + (i - warmups + 1);
                System.err.printf(java.util.Locale.ROOT, "  connector %s: tcp-in %.0f k/s (CPU %.2f µs + node "
                        + "%.2f µs per message), tcp-out %.0f k/s (CPU %.2f µs + node %.2f µs)%n", name, in / 1e3,
                        tcpInUs, nodeInUs, drained[0] / 1e3, drained[1], drained[2]);
                if (i >= warmups) {
                    out.add(new Run(in, drained[0], tcpInUs, nodeInUs, drained[1], drained[2]));
                }
            }
        }
        return out;
    }

    private NodeProcess startTcpIn(InetSocketAddress node) throws IOException {
        return NodeProcess.start(home, "tcp-in", null, "connector", args("tcp-in", "--listen", "127.0.0.1:0",
                "--to", hostPort(node), "--framing", "u32"));
    }

    /**
     * tcp-out listening for this process: it leases only while a peer is connected, so it waits between runs, and
     * its lease is short (see {@link #LEASE}).
     */
    private NodeProcess startTcpOut(InetSocketAddress node) throws IOException {
        return NodeProcess.start(home, "tcp-out", null, "connector", args("tcp-out", "--from", hostPort(node),
                "--listen", "127.0.0.1:0", "--framing", "u32", "--lease", LEASE.toMillis() + "ms"));
    }

    /** Writes every message over one connection; returns messages/s until the node holds them all. */
    private double pour(InetSocketAddress feed, InetSocketAddress node) throws IOException, InterruptedException {
        ByteBuffer chunk = frames(Math.max(1, (1 << 20) / codec.framedLength(messageBytes)));
        int perChunk = chunk.remaining() / codec.framedLength(messageBytes);
        long started = System.nanoTime();
        try (SocketChannel c = SocketChannel.open(feed); MqClient client = MqClient.connect(node,
                MqClient.Options.defaults().timeout(Duration.ofSeconds(2)).retries(10))) {
            int sent = 0;
            while (sent < messages) {
                int n = Math.min(perChunk, messages - sent);
                ByteBuffer b = chunk.duplicate().limit(n * codec.framedLength(messageBytes));
                while (b.hasRemaining()) {
                    c.write(b);
                }
                sent += n;
            }
            while (client.size() < messages) {
                Thread.sleep(2);
            }
        }
        return messages / ((System.nanoTime() - started) / 1e9);
    }

    /** CPU time a process has used so far, user and system, in nanoseconds (0 where the OS does not say). */
    private static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }

    /**
     * Connects to tcp-out and reads until every message came; returns messages/s and the CPU microseconds per
     * message of tcp-out and of the node from the first byte on.
     */
    private double[] drain(InetSocketAddress sink, NodeProcess tcpOut, InetSocketAddress node, long nodePid)
            throws IOException, InterruptedException {
        try (SocketChannel c = SocketChannel.open(sink)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            FrameSpan span = new FrameSpan();
            long got = 0;
            long started = 0;
            long outCpu = 0;
            long nodeCpu = 0;
            while (got < messages) {
                if (c.read(buf) < 0) {
                    throw new IOException("tcp-out closed the stream after " + got + " messages: " + tcpOut);
                }
                if (started == 0) {
                    started = System.nanoTime();
                    outCpu = cpuNanos(tcpOut.pid());
                    nodeCpu = cpuNanos(nodePid);
                }
                int at = 0;
                int n;
                try {
                    while ((n = codec.scan(buf, at, buf.position(), span)) > 0) {
                        at += n;
                        got++;
                    }
                } catch (io.udpgraph.connector.MalformedFrameException e) {
                    throw new IOException("tcp-out wrote a malformed frame: " + e.getMessage(), e);
                }
                buf.limit(buf.position()).position(at);
                buf.compact();
            }
            double rate = messages / ((System.nanoTime() - started) / 1e9);
            double[] result = {rate, (cpuNanos(tcpOut.pid()) - outCpu) / 1e3 / messages,
                (cpuNanos(nodePid) - nodeCpu) / 1e3 / messages};
            // tcp-out acknowledges its last batch with the LEASE after it, so the connection stays open until the
            // node has nothing leased: closing now would put that batch back, and the next fill would find a
            // node whose capacity is short by it and wait out its lease.
            awaitEmpty(node);
            c.close();
            Thread.sleep(PEER_GONE.toMillis());
            return result;
        }
    }

    /**
     * Waits until the node holds nothing, visible or leased, so every run starts from an empty node with its whole
     * capacity; takes what is left (messages whose grant was lost and came back) and says so.
     */
    private static void awaitEmpty(InetSocketAddress node) throws IOException {
        try (MqClient client = MqClient.connect(node, MqClient.Options.defaults().retries(10))) {
            long deadline = System.nanoTime() + SETTLE.toNanos();
            java.util.Map<String, Long> stats = client.stats();
            while (held(stats) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                stats = client.stats();
            }
            long left = 0;
            List<byte[]> got;
            while (!(got = client.get(ProtocolLimits.MAX_TAKE, Duration.ZERO)).isEmpty()) {
                left += got.size();
            }
            if (left > 0) {
                System.err.printf(java.util.Locale.ROOT, "  connector: %d messages came back to the node after the "
                        + "drain (their grants were lost, at least once); taken before the next run%n", left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the node to settle", e);
        }
    }

    private static long held(java.util.Map<String, Long> stats) {
        return stats.getOrDefault("visible", 0L) + stats.getOrDefault("leased", 0L);
    }

    private ByteBuffer frames(int count) {
        byte[] body = new byte[messageBytes];
        java.util.Arrays.fill(body, (byte) 'x');
        ByteBuffer b = ByteBuffer.allocateDirect(count * codec.framedLength(messageBytes));
        for (int i = 0; i < count; i++) {
            codec.encode(body, b);
        }
        return b.flip();
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
