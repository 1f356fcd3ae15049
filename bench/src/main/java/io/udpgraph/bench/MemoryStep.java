package io.udpgraph.bench;

import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import io.udpgraph.protocol.Reply;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The memory step: RSS of a fresh in-memory node, a fresh durable one ({@code --data-dir}, {@code --fsync
 * interval}) and, when {@code redis-server} is installed, a fresh Redis 7 (no persistence: RPUSH onto one list),
 * each idle and then holding the plan's messages of 100 bytes, filled by this step's own pipelined client; the
 * marginal bytes per message are (loaded - idle) / messages. Runs take the three in turn.
 */
final class MemoryStep {
    static final int BODY_BYTES = 100;

    /** Median RSS idle and loaded, and the marginal bytes per message, of one kind of server. */
    record Fill(Figure idle, Figure loaded, Figure perMessage) {
    }

    /** The figures; {@code redis} is null when {@code redis-server} is missing ({@code note} says so). */
    record Result(Fill memory, Fill durable, Fill redis, String note) {
    }

    private final SuitePlan plan;

    MemoryStep(SuitePlan plan) {
        this.plan = plan;
    }

    Result run() throws IOException {
        int n = plan.memoryMessages();
        int runs = plan.runs();
        double[][] memory = new double[3][runs];
        double[][] durable = new double[3][runs];
        double[][] redis = new double[3][runs];
        String redisServer = DurableStep.onPath("redis-server");
        if (redisServer == null) {
            System.err.println("bench: " + DurableStep.INSTALL_HINT);
        }
        Path tmp = Files.createTempDirectory("udpgraph-memory-");
        try {
            for (int i = 0; i < runs; i++) {
                node(i, memory, List.of());
                node(i, durable, List.of("--data-dir", tmp.resolve("durable-" + i).toString(), "--fsync", "interval"));
                if (redisServer != null) {
                    redis(redisServer, tmp.resolve("redis-" + i), i, redis);
                }
            }
        } finally {
            DurableStep.deleteTree(tmp);
        }
        return new Result(fill(memory), fill(durable), redisServer == null ? null : fill(redis),
                redisServer == null ? DurableStep.INSTALL_HINT : "");
    }

    private static Fill fill(double[][] f) {
        return new Fill(Figure.of(f[0], ""), Figure.of(f[1], ""), Figure.of(f[2], ""));
    }

    private void node(int run, double[][] into, List<String> more) throws IOException {
        int n = plan.memoryMessages();
        String name = more.isEmpty() ? "mq-memory" : "mq-memory-durable";
        List<String> args = new ArrayList<>(List.of("--port", "0", "--name", name, "--capacity",
                Integer.toString(Math.max(n, 1)), "--capacity-bytes", Long.toString(Math.max(256L << 20, 2L * BODY_BYTES * n))));
        args.addAll(more);
        try (NodeProcess node = NodeProcess.start(plan.home(), name, plan.memoryJavaOpts(), "mq-server", args)) {
            InetSocketAddress at = node.awaitAddress(Duration.ofSeconds(120));
            settle();
            long idle = node.rssBytes();
            fillNode(at, n);
            settle();
            record(into, run, name, idle, node.rssBytes(), n);
        }
    }

    private void redis(String server, Path dir, int run, double[][] into) throws IOException {
        List<Process> started = new ArrayList<>();
        try {
            InetSocketAddress at = DurableStep.startRedis(server, dir, List.of("--appendonly", "no"), started);
            long pid = started.get(0).pid();
            settle();
            long idle = NodeProcess.rssBytes(pid);
            fillRedis(at, plan.memoryMessages());
            settle();
            record(into, run, "redis", idle, NodeProcess.rssBytes(pid), plan.memoryMessages());
        } finally {
            for (Process p : started) {
                p.destroy();
                try {
                    p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void record(double[][] into, int run, String who, long idle, long loaded, int n) {
        into[0][run] = idle;
        into[1][run] = loaded;
        into[2][run] = n == 0 ? 0 : (double) (loaded - idle) / n;
        System.err.printf(Locale.ROOT, "  memory, %s: %.1f MB RSS idle, %.1f MB holding %,d messages, %.0f B a message%n",
                who, idle / 1e6, loaded / 1e6, n, into[2][run]);
    }

    /** Lets a process finish what it started (a flush, a compaction pass) before its RSS is read. */
    private static void settle() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * PUTs {@code n} 100-byte messages in batches of 100 and checks with SIZE that they are all there. A batch
     * whose reply does not come is settled by asking SIZE (a datagram is stored whole or not at all), so a lost
     * datagram on a busy machine neither fails the step nor stores a batch twice.
     */
    static void fillNode(InetSocketAddress at, int n) throws IOException {
        byte[] message = "x".repeat(BODY_BYTES).getBytes(StandardCharsets.US_ASCII);
        try (MqClient client = MqClient.connect(at, MqClient.Options.defaults().timeout(Duration.ofSeconds(2)))) {
            long stored = 0;
            int lost = 0;
            while (stored < n) {
                int k = (int) Math.min(100, n - stored);
                try {
                    for (Reply r : client.send(ChainStep.puts(message, k), any -> true)) {
                        if (r.isError()) {
                            throw new IOException("the memory node refused a PUT: " + r.text());
                        }
                    }
                    stored += k;
                } catch (MqException.Timeout e) {
                    if (++lost > 100) {
                        throw e;
                    }
                    stored = client.size();
                }
            }
            long size = client.size();
            if (size != n) {
                throw new IOException("the memory node holds " + size + " messages, not " + n);
            }
        }
    }

    /** RPUSHes {@code n} 100-byte values onto one list, 1,000 to a pipelined write, and checks LLEN. */
    static void fillRedis(InetSocketAddress at, int n) throws IOException {
        String value = "x".repeat(BODY_BYTES);
        byte[] one = ("*3\r\n$5\r\nRPUSH\r\n$1\r\nq\r\n$" + BODY_BYTES + "\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
            int sent = 0;
            while (sent < n) {
                int k = Math.min(1000, n - sent);
                byte[] batch = new byte[one.length * k];
                for (int i = 0; i < k; i++) {
                    System.arraycopy(one, 0, batch, i * one.length, one.length);
                }
                out.write(batch);
                out.flush();
                for (int i = 0; i < k; i++) {
                    readLine(in);
                }
                sent += k;
            }
            out.write("*2\r\n$4\r\nLLEN\r\n$1\r\nq\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String len = readLine(in);
            if (!len.equals(":" + n)) {
                throw new IOException("redis holds " + len + " messages, not " + n);
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("redis closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        if (line.length() > 0 && line.charAt(0) == '-') {
            throw new IOException("redis refused an RPUSH: " + line);
        }
        return line.toString();
    }
}
