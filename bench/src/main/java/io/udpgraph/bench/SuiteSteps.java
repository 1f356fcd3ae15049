package io.udpgraph.bench;

import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import io.udpgraph.protocol.Reply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The suite's steps, each node a process started from the scripts: echo and queue node in turn, batches, the
 * router, the worker chain and memory. A step that fails is recorded and the next one runs; {@link SuiteReport}
 * turns what was measured into the table.
 */
final class SuiteSteps {
    /** A step's body. */
    @FunctionalInterface
    interface IoStep {
        void run() throws IOException;
    }

    private final SuitePlan plan;
    final List<Measured> echo = new ArrayList<>();
    final List<Measured> queue = new ArrayList<>();
    Measured batched;
    Measured routerDirect;
    Measured routed;
    Figure chain;
    Figure memory;
    Figure memoryIdle;
    long started;
    final List<String> failures = new ArrayList<>();
    String loadBefore;
    String loadAfter;
    double seconds;

    SuiteSteps(SuitePlan plan) {
        this.plan = plan;
    }

    void run() throws IOException {
        started = System.nanoTime();
        loadBefore = Machine.loadAverage();
        try {
            runSteps();
        } finally {
            // also when the run stopped early, so the report says how far it got
            loadAfter = Machine.loadAverage();
            seconds = (System.nanoTime() - started) / 1e9;
        }
    }

    private void runSteps() throws IOException {
        // The echo and the queue node run side by side, their runs taken in turn, so that both see the same
        // machine even when other work on it comes and goes.
        NodeProcess echoNode = null;
        NodeProcess queueNode = null;
        try {
            InetSocketAddress echoAt = null;
            InetSocketAddress queueAt = null;
            if (plan.includes("echo")) {
                echoNode = NodeProcess.start(plan.home(), "echo", null, "bench", List.of("echo", "--port", "0"));
            }
            if (plan.includes("queue") || plan.includes("batch") || plan.includes("router")) {
                queueNode = startQueue("mq");
            }
            if (echoNode != null) {
                echoAt = awaitOrFail("echo", echoNode);
            }
            if (queueNode != null) {
                queueAt = awaitOrFail("queue node", queueNode);
            }
            if (echoAt != null || (queueAt != null && plan.includes("queue"))) {
                progress(echoAt != null && queueAt != null && plan.includes("queue") ? "echo and queue node, in turn" : "echo or queue node");
                InetSocketAddress e = echoAt;
                InetSocketAddress q = plan.includes("queue") ? queueAt : null;
                step("echo and queue node", () -> {
                    for (int c : plan.clients()) {
                        List<LoadResult> er = new ArrayList<>();
                        List<LoadResult> qr = new ArrayList<>();
                        for (int i = 0; i < plan.runs(); i++) {
                            if (e != null) {
                                er.add(once(e, Workload.of(Workload.Kind.ECHO), c));
                            }
                            if (q != null) {
                                qr.add(once(q, Workload.of(Workload.Kind.PUT_GET), c));
                            }
                        }
                        if (!er.isEmpty()) {
                            echo.add(Measured.of(er));
                        }
                        if (!qr.isEmpty()) {
                            queue.add(Measured.of(qr));
                        }
                    }
                });
            }
            if (echoNode != null) {
                echoNode.close();
                echoNode = null;
            }
            if (queueAt != null && plan.includes("batch")) {
                progress("batches");
                InetSocketAddress q = queueAt;
                step("batches", () -> batched = measure(q, new Workload(Workload.Kind.BATCH, 100, plan.batch()), plan.batchClients()));
            }
            if (queueAt != null && plan.includes("router")) {
                progress("router");
                InetSocketAddress q = queueAt;
                step("router", () -> router(q));
            }
        } finally {
            if (echoNode != null) {
                echoNode.close();
            }
            if (queueNode != null) {
                queueNode.close();
            }
        }
        if (plan.includes("chain")) {
            progress("worker chain");
            step("worker chain", () -> chain = new ChainStep(plan.home(), plan.nodeThreads(), plan.chainWorkerBatch(), plan.timeout())
                    .run(plan.chainMessages(), plan.runs(), this::progress));
        }
        if (plan.includes("memory")) {
            progress("memory");
            step("memory", this::memory);
        }
    }

    private InetSocketAddress awaitOrFail(String name, NodeProcess node) {
        try {
            return node.awaitAddress(Duration.ofSeconds(120));
        } catch (IOException e) {
            System.err.println("bench: the " + name + " did not start: " + e.getMessage());
            failures.add(name + ": " + e.getMessage());
            return null;
        }
    }

    /** Direct and through the router in turn, run after run, so both see the same machine. */
    private void router(InetSocketAddress at) throws IOException {
        try (NodeProcess router = NodeProcess.start(plan.home(), "router", null, "router",
                List.of("--listen", "127.0.0.1:0", "--upstream", hostPort(at)))) {
            InetSocketAddress via = router.awaitAddress(Duration.ofSeconds(120));
            List<LoadResult> direct = new ArrayList<>();
            List<LoadResult> through = new ArrayList<>();
            Workload w = Workload.of(Workload.Kind.PUT_GET);
            for (int i = 0; i < plan.runs(); i++) {
                direct.add(once(at, w, 16));
                through.add(once(via, w, 16));
            }
            routerDirect = Measured.of(direct);
            routed = Measured.of(through);
        }
    }

    /** A fresh node per run: RSS idle, then RSS once it holds the plan's memoryMessages messages. */
    private void memory() throws IOException {
        double[] loaded = new double[plan.runs()];
        double[] idle = new double[plan.runs()];
        for (int i = 0; i < plan.runs(); i++) {
            try (NodeProcess node = NodeProcess.start(plan.home(), "mq-memory", plan.memoryJavaOpts(), "mq-server",
                    nodeArgs("mq-memory", List.of("--capacity", Integer.toString(Math.max(plan.memoryMessages(), 1)))))) {
                InetSocketAddress at = node.awaitAddress(Duration.ofSeconds(120));
                idle[i] = node.rssBytes();
                fill(at, plan.memoryMessages());
                loaded[i] = node.rssBytes();
                System.err.printf(Locale.ROOT, "  memory: %.1f MB RSS idle, %.1f MB holding %d messages%n",
                        idle[i] / 1e6, loaded[i] / 1e6, plan.memoryMessages());
            }
        }
        memory = Figure.of(loaded, "");
        memoryIdle = Figure.of(idle, "");
    }

    private NodeProcess startQueue(String name) throws IOException {
        return NodeProcess.start(plan.home(), name, null, "mq-server", nodeArgs(name, List.of()));
    }

    private List<String> nodeArgs(String name, List<String> more) {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--name", name));
        if (plan.nodeThreads() > 0) {
            args.addAll(List.of("--threads", Integer.toString(plan.nodeThreads())));
        }
        args.addAll(more);
        return args;
    }

    private Measured measure(InetSocketAddress at, Workload w, int c) throws IOException {
        List<LoadResult> results = new ArrayList<>();
        for (int i = 0; i < plan.runs(); i++) {
            results.add(once(at, w, c));
        }
        return Measured.of(results);
    }

    private LoadResult once(InetSocketAddress at, Workload w, int c) throws IOException {
        LoadResult r = LoadGenerator.run(new LoadGenerator.Options(at, w, c, plan.warmup(), plan.duration(), plan.timeout(), 0));
        System.err.println("  " + r.summary());
        if (r.ops() == 0) {
            List<String> dead = NodeProcess.deadNodes();
            if (!dead.isEmpty()) {
                throw new IOException("no replies, and a node is gone: " + String.join("; ", dead));
            }
        }
        return r;
    }

    /**
     * PUTs {@code n} 100-byte messages in batches of 100 and checks with SIZE that they are all there. A batch
     * whose reply does not come is settled by asking SIZE (a datagram is stored whole or not at all), so a lost
     * datagram on a busy machine neither fails the step nor stores a batch twice.
     */
    private void fill(InetSocketAddress at, int n) throws IOException {
        byte[] message = "x".repeat(100).getBytes(StandardCharsets.US_ASCII);
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

    /** Runs one step; a failure is reported in the table and the suite goes on with the next step. */
    void step(String name, IoStep body) {
        try {
            body.run();
        } catch (IOException | RuntimeException e) {
            System.err.println("bench: the " + name + " step failed: " + e.getMessage());
            failures.add(name + ": " + e.getMessage());
        }
    }

    void progress(String step) {
        System.err.printf(Locale.ROOT, "bench: %s (%.0f s in)%n", step, (System.nanoTime() - started) / 1e9);
    }

    /** {@code a} as the scripts take it: the numeric address and the port. */
    static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
