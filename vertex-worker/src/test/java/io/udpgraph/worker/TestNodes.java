package io.udpgraph.worker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import io.udpgraph.protocol.MqClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Queue nodes for the worker's integration tests, and small helpers to fill and drain them. */
final class TestNodes {
    private TestNodes() {
    }

    /** A running queue node on an ephemeral port of 127.0.0.1. */
    interface Node extends AutoCloseable {
        InetSocketAddress address();

        QueueNode node();

        @Override
        void close() throws IOException;
    }

    /** A real queue node with default settings. */
    static Node start() throws IOException {
        return start(QueueConfig.defaults().port(0));
    }

    /** A real queue node with a private registry; give it port 0 unless a test needs a known port. */
    static Node start(QueueConfig config) throws IOException {
        QueueNode n = QueueNode.start(config.registry(new SimpleMeterRegistry()));
        InetSocketAddress at = n.address();
        return new Node() {
            @Override
            public InetSocketAddress address() {
                return at;
            }

            @Override
            public void close() {
                n.close();
            }

            @Override
            public QueueNode node() {
                return n;
            }
        };
    }

    static void putAll(InetSocketAddress node, List<String> messages) throws IOException {
        try (MqClient c = MqClient.connect(node)) {
            for (String m : messages) {
                c.put(m);
            }
        }
    }

    /** GETs until {@code expected} messages came or {@code within} passed; what came, in order. */
    static List<String> drain(InetSocketAddress node, int expected, Duration within) throws IOException {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        try (MqClient c = MqClient.connect(node)) {
            while (out.size() < expected && System.nanoTime() < deadline) {
                byte[] m = c.get();
                if (m.length == 0) {
                    sleep(2);
                } else {
                    out.add(new String(m, StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    /** Everything a node holds now (GET until empty). */
    static List<String> takeAll(InetSocketAddress node) throws IOException {
        List<String> out = new ArrayList<>();
        try (MqClient c = MqClient.connect(node)) {
            for (byte[] m = c.get(); m.length > 0; m = c.get()) {
                out.add(new String(m, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static long size(InetSocketAddress node) throws IOException {
        try (MqClient c = MqClient.connect(node)) {
            return c.size();
        }
    }

    /** Waits until {@code condition} holds or {@code within} passes; returns whether it held. */
    static boolean await(Duration within, Check condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return true;
            }
            sleep(5);
        }
        return condition.holds();
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
