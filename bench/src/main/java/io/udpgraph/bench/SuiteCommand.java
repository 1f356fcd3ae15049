package io.udpgraph.bench;

import io.udpgraph.runtime.DurationConverter;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.runtime.ExitCodes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench suite}: measures, side by side in one run, the bare UDP echo (the ceiling), a queue node with
 * PUT/GET pairs at several client counts, batched PUT/GET, the queue node through the router, a three-stage
 * passthrough worker chain and the memory of a node holding a million messages, every node a separate process
 * started from the scripts; prints a markdown table with ratios to the echo and the targets met or not.
 */
@Command(name = "suite", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures echo, queue node, batches, router, worker chain and memory side by side.",
            "Prints a markdown table with ratios to the echo ceiling and each target met or not. Every node is its own",
            "process started from scripts/. Takes about three minutes with the defaults; --quick for a smoke run.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the suite ran (targets not met are reported, not fatal)",
            "1:a node did not start or a measurement failed", "2:bad usage"})
final class SuiteCommand implements Callable<Integer> {
    static final double QUEUE_TARGET_RATIO = 0.8;
    static final double P50_TARGET_RATIO = 1.2;
    static final double BATCH_TARGET_MESSAGES = 2_000_000;
    static final double ROUTER_TARGET_RATIO = 0.45;
    static final double CHAIN_TARGET_MESSAGES = 100_000;
    static final long MEMORY_TARGET_BYTES = 116L * 1000 * 1000;

    @Option(names = "--steps", paramLabel = "STEP,…", split = ",", defaultValue = "echo,queue,batch,router,chain,memory",
            description = "Which steps to run, of echo, queue, batch, router, chain, memory. Default: all.")
    List<String> steps;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "Runs per measurement; the table shows the median. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--quick", description = "A smoke run of a few seconds: one short run each, clients 1 and 16,"
            + " small chain and memory loads. Its figures are not measurements.")
    boolean quick;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Load before each measured window. Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "3s", converter = DurationConverter.class,
            description = "Each measured window. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--clients", paramLabel = "C,C…", split = ",", defaultValue = "1,4,16,64",
            description = "Client counts for echo and PUT/GET. Default: ${DEFAULT-VALUE}.")
    int[] clients;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "100",
            description = "Messages per datagram in the batched step. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--batch-clients", paramLabel = "C", defaultValue = "4",
            description = "Clients in the batched step. Default: ${DEFAULT-VALUE}.")
    int batchClients;

    @Option(names = "--node-threads", paramLabel = "T", defaultValue = "0",
            description = "--threads of the queue nodes; 0 (default) keeps the node's own default.")
    int nodeThreads;

    @Option(names = "--chain-messages", paramLabel = "N", defaultValue = "200000",
            description = "Messages pushed through the worker chain per run. Default: ${DEFAULT-VALUE}.")
    int chainMessages;

    @Option(names = "--chain-worker-batch", paramLabel = "N", defaultValue = "256",
            description = "--batch of the chain's workers; 0 keeps the worker's own default. Default: ${DEFAULT-VALUE}"
                    + " (measured about twice the messages/s of the worker's default of 32).")
    int chainWorkerBatch;

    @Option(names = "--memory-messages", paramLabel = "N", defaultValue = "1000000",
            description = "100-byte messages queued for the memory step. Default: ${DEFAULT-VALUE}.")
    int memoryMessages;

    @Option(names = "--memory-java-opts", paramLabel = "OPTS", defaultValue = "-XX:+UseSerialGC -Xss512k",
            description = "JAVA_OPTS of the node in the memory step. Default: the scripts' own, '${DEFAULT-VALUE}'.")
    String memoryJavaOpts;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "500ms", converter = DurationConverter.class,
            description = "How long a request may wait for its reply. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--home", paramLabel = "DIR",
            description = "The project's root, where scripts/ is. Default: $UDPGRAPH_HOME, else the current directory.")
    Path home;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write the report (markdown) to FILE.")
    Path output;

    static final List<String> STEPS = List.of("echo", "queue", "batch", "router", "chain", "memory");

    private final List<String> lines = new ArrayList<>();

    private boolean runs(String step) {
        return steps.contains(step);
    }

    @Override
    public Integer call() throws Exception {
        if (home == null) {
            String env = System.getenv("UDPGRAPH_HOME");
            home = Path.of(env != null ? env : ".").toAbsolutePath().normalize();
        }
        if (quick) {
            runs = 1;
            warmup = Duration.ofMillis(300);
            duration = Duration.ofMillis(500);
            clients = new int[] {1, 16};
            chainMessages = Math.min(chainMessages, 5_000);
            memoryMessages = Math.min(memoryMessages, 50_000);
        }
        if (runs < 1) {
            System.err.println("bench: --runs must be at least 1");
            return ExitCodes.USAGE;
        }
        for (String step : steps) {
            if (!STEPS.contains(step)) {
                System.err.println("bench: unknown step '" + step + "': expected some of " + String.join(",", STEPS));
                return ExitCodes.USAGE;
            }
        }
        Suite suite = new Suite();
        try {
            suite.run();
        } catch (IOException e) {
            System.err.println("bench: " + e.getMessage());
            suite.failures.add(e.getMessage());
        }
        String report = suite.report();
        System.out.println(report);
        if (output != null) {
            Files.writeString(output, report);
        }
        return suite.failures.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** The median run of several (by ops/s), with the spread and every run's failures summed. */
    record Measured(LoadResult median, double minOps, double maxOps, long timeouts, long errors, long empty) {
        static Measured of(List<LoadResult> results) {
            List<LoadResult> sorted = new ArrayList<>(results);
            sorted.sort(Comparator.comparingDouble(LoadResult::opsPerSecond));
            return new Measured(sorted.get(sorted.size() / 2), sorted.get(0).opsPerSecond(),
                    sorted.get(sorted.size() - 1).opsPerSecond(),
                    results.stream().mapToLong(LoadResult::timeouts).sum(),
                    results.stream().mapToLong(LoadResult::errors).sum(),
                    results.stream().mapToLong(LoadResult::empty).sum());
        }
    }

    /** One step's median figures for the throughput-only steps (chain, memory). */
    record Figure(double median, double min, double max, String note) {
        static Figure of(double[] values, String note) {
            double[] v = values.clone();
            Arrays.sort(v);
            return new Figure(v[v.length / 2], v[0], v[v.length - 1], note);
        }
    }

    /** A step's body. */
    @FunctionalInterface
    interface IoStep {
        void run() throws IOException;
    }

    private final class Suite {
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

        void run() throws IOException {
            started = System.nanoTime();
            loadBefore = Machine.loadAverage();
            // The echo and the queue node run side by side, their runs taken in turn, so that both see the same
            // machine even when other work on it comes and goes.
            NodeProcess echoNode = null;
            NodeProcess queueNode = null;
            try {
                InetSocketAddress echoAt = null;
                InetSocketAddress queueAt = null;
                if (runs("echo")) {
                    echoNode = NodeProcess.start(home, "echo", null, "bench", List.of("echo", "--port", "0"));
                }
                if (runs("queue") || runs("batch") || runs("router")) {
                    queueNode = startQueue("mq");
                }
                if (echoNode != null) {
                    echoAt = awaitOrFail("echo", echoNode);
                }
                if (queueNode != null) {
                    queueAt = awaitOrFail("queue node", queueNode);
                }
                if (echoAt != null || (queueAt != null && runs("queue"))) {
                    progress(echoAt != null && queueAt != null && runs("queue") ? "echo and queue node, in turn" : "echo or queue node");
                    InetSocketAddress e = echoAt;
                    InetSocketAddress q = runs("queue") ? queueAt : null;
                    step("echo and queue node", () -> {
                        for (int c : clients) {
                            List<LoadResult> er = new ArrayList<>();
                            List<LoadResult> qr = new ArrayList<>();
                            for (int i = 0; i < runs; i++) {
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
                if (queueAt != null && runs("batch")) {
                    progress("batches");
                    InetSocketAddress q = queueAt;
                    step("batches", () -> batched = measure(q, new Workload(Workload.Kind.BATCH, 100, batch), batchClients));
                }
                if (queueAt != null && runs("router")) {
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
            if (runs("chain")) {
                progress("worker chain");
                step("worker chain", () -> chain = new ChainStep(home, nodeThreads, chainWorkerBatch, timeout)
                        .run(chainMessages, runs, this::progress));
            }
            if (runs("memory")) {
                progress("memory");
                step("memory", this::memory);
            }
            loadAfter = Machine.loadAverage();
            seconds = (System.nanoTime() - started) / 1e9;
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
            try (NodeProcess router = NodeProcess.start(home, "router", null, "router",
                    List.of("--listen", "127.0.0.1:0", "--upstream", hostPort(at)))) {
                InetSocketAddress via = router.awaitAddress(Duration.ofSeconds(120));
                List<LoadResult> direct = new ArrayList<>();
                List<LoadResult> through = new ArrayList<>();
                Workload w = Workload.of(Workload.Kind.PUT_GET);
                for (int i = 0; i < runs; i++) {
                    direct.add(once(at, w, 16));
                    through.add(once(via, w, 16));
                }
                routerDirect = Measured.of(direct);
                routed = Measured.of(through);
            }
        }

        /** A fresh node per run: RSS idle, then RSS once it holds {@code memoryMessages} messages. */
        private void memory() throws IOException {
            double[] loaded = new double[runs];
            double[] idle = new double[runs];
            for (int i = 0; i < runs; i++) {
                try (NodeProcess node = NodeProcess.start(home, "mq-memory", memoryJavaOpts, "mq-server",
                        nodeArgs("mq-memory", List.of("--capacity", Integer.toString(Math.max(memoryMessages, 1)))))) {
                    InetSocketAddress at = node.awaitAddress(Duration.ofSeconds(120));
                    idle[i] = node.rssBytes();
                    fill(at, memoryMessages);
                    loaded[i] = node.rssBytes();
                    System.err.printf(Locale.ROOT, "  memory: %.1f MB RSS idle, %.1f MB holding %d messages%n",
                            idle[i] / 1e6, loaded[i] / 1e6, memoryMessages);
                }
            }
            memory = Figure.of(loaded, "");
            memoryIdle = Figure.of(idle, "");
        }

        private NodeProcess startQueue(String name) throws IOException {
            return NodeProcess.start(home, name, null, "mq-server", nodeArgs(name, List.of()));
        }

        private List<String> nodeArgs(String name, List<String> more) {
            List<String> args = new ArrayList<>(List.of("--port", "0", "--name", name));
            if (nodeThreads > 0) {
                args.addAll(List.of("--threads", Integer.toString(nodeThreads)));
            }
            args.addAll(more);
            return args;
        }

        private Measured measure(InetSocketAddress at, Workload w, int c) throws IOException {
            List<LoadResult> results = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                results.add(once(at, w, c));
            }
            return Measured.of(results);
        }

        private LoadResult once(InetSocketAddress at, Workload w, int c) throws IOException {
            LoadResult r = LoadGenerator.run(new LoadGenerator.Options(at, w, c, warmup, duration, timeout, 0));
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
            String put = "PUT:" + "x".repeat(100);
            try (MqClient client = MqClient.connect(at, MqClient.Options.defaults().timeout(Duration.ofSeconds(2)))) {
                long stored = 0;
                int lost = 0;
                while (stored < n) {
                    int k = (int) Math.min(100, n - stored);
                    try {
                        for (io.udpgraph.protocol.Reply r : client.send(java.util.Collections.nCopies(k, put))) {
                            if (r.isError()) {
                                throw new IOException("the memory node refused a PUT: " + r.text());
                            }
                        }
                        stored += k;
                    } catch (io.udpgraph.protocol.MqException.Timeout e) {
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

        String report() {
            lines.clear();
            if (loadAfter == null) {
                // the run stopped early; say how far it got
                loadAfter = Machine.loadAverage();
                seconds = (System.nanoTime() - started) / 1e9;
            }
            row("Machine: " + Machine.describe() + ". Load average (1, 5, 15 min) " + loadBefore + " before the run, "
                    + loadAfter + " after; the suite took " + Math.round(seconds) + " s.");
            row("");
            row("| measurement | clients | ops/s (min-max of runs) | messages/s | p50 µs | p99 µs | timeouts / errors | ratio |");
            row("|---|---:|---:|---:|---:|---:|---:|---:|");
            for (Measured e : echo) {
                loadRow("UDP echo (ceiling)", e, "1.00 of echo");
            }
            for (Measured q : queue) {
                Measured e = byClients(echo, q.median().clients());
                loadRow("queue node, PUT/GET pairs", q, e == null ? "-" : ratio(q, e) + " of echo");
            }
            if (batched != null) {
                loadRow("queue node, batches of " + batch + " PUT then GET:" + batch, batched,
                        String.format(Locale.ROOT, "%.2f of target", batched.median().messagesPerSecond() / BATCH_TARGET_MESSAGES));
            }
            if (routed != null) {
                loadRow("queue node direct (beside the router)", routerDirect, "1.00 of direct");
                loadRow("queue node through the router, no faults", routed, ratio(routed, routerDirect) + " of direct");
            }
            if (chain != null) {
                row(String.format(Locale.ROOT, "| 3-stage passthrough worker chain, %,d messages, workers %s | - | - | %s | - | - | %s | %.2f of target |",
                        chainMessages, chainWorkerBatch > 0 ? "--batch " + chainWorkerBatch : "at their default --batch",
                        spread(chain), chain.note(), chain.median() / CHAIN_TARGET_MESSAGES));
            }
            if (memory != null) {
                row(String.format(Locale.ROOT, "| memory: %,d queued 100-byte messages (RSS) | - | - | - | - | - | - | %.1f MB (idle node %.1f MB) |",
                        memoryMessages, memory.median() / 1e6, memoryIdle.median() / 1e6));
            }
            row("");
            row("| target | bar | measured | met |");
            row("|---|---|---|---|");
            Measured e16 = byClients(echo, 16);
            Measured q16 = byClients(queue, 16);
            if (e16 != null && q16 != null) {
                double r = q16.median().opsPerSecond() / e16.median().opsPerSecond();
                target("queue PUT/GET at 16 clients", "≥ 0.80 × echo", String.format(Locale.ROOT, "%.2f × echo (%,.0f against %,.0f ops/s)",
                        r, q16.median().opsPerSecond(), e16.median().opsPerSecond()), r >= QUEUE_TARGET_RATIO);
            }
            Measured e1 = byClients(echo, 1);
            Measured q1 = byClients(queue, 1);
            if (e1 != null && q1 != null) {
                double r = q1.median().percentileMicros(50) / e1.median().percentileMicros(50);
                target("p50 at 1 client", "≤ 1.20 × echo's", String.format(Locale.ROOT, "%.2f × echo's (%.1f µs against %.1f µs)",
                        r, q1.median().percentileMicros(50), e1.median().percentileMicros(50)), r <= P50_TARGET_RATIO);
            }
            if (batched != null) {
                double b = batched.median().messagesPerSecond();
                target("batched PUT/GET, one node", "≥ 2,000,000 messages/s", String.format(Locale.ROOT, "%,.0f messages/s", b),
                        b >= BATCH_TARGET_MESSAGES);
            }
            if (routed != null) {
                double rr = routed.median().opsPerSecond() / routerDirect.median().opsPerSecond();
                target("through the router, no faults", "≥ 0.45 × direct", String.format(Locale.ROOT, "%.2f × direct", rr),
                        rr >= ROUTER_TARGET_RATIO);
            }
            if (chain != null) {
                target("3-stage worker chain", "≥ 100,000 messages/s", String.format(Locale.ROOT, "%,.0f messages/s", chain.median()),
                        chain.median() >= CHAIN_TARGET_MESSAGES);
            }
            if (memory != null) {
                target("1,000,000 queued 100-byte messages", "≤ 116 MB RSS", String.format(Locale.ROOT, "%.1f MB RSS for %,d messages",
                        memory.median() / 1e6, memoryMessages), memoryMessages >= 1_000_000 && memory.median() <= MEMORY_TARGET_BYTES);
            }
            for (String f : failures) {
                row("");
                row("**Step failed** (its figures are missing): " + f);
            }
            row("");
            row(String.format(Locale.ROOT, "%d run(s) per measurement, median shown; %s warmup and %s window per run;"
                            + " closed loop, one request outstanding per client, %s timeout. One op is one request and"
                            + " its reply; messages/s counts each PUT stored and each message a GET returned.%s",
                    runs, human(warmup), human(duration), human(timeout),
                    quick ? " QUICK SMOKE RUN: these figures are not measurements." : ""));
            return String.join("\n", lines);
        }

        private String human(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
        }

        private void loadRow(String what, Measured m, String ratio) {
            LoadResult r = m.median();
            row(String.format(Locale.ROOT, "| %s | %d | %,.0f (%,.0f-%,.0f) | %,.0f | %.1f | %.1f | %d / %d | %s |",
                    what, r.clients(), r.opsPerSecond(), m.minOps(), m.maxOps(), r.messagesPerSecond(),
                    r.percentileMicros(50), r.percentileMicros(99), m.timeouts(), m.errors(), ratio));
        }

        private String spread(Figure f) {
            return String.format(Locale.ROOT, "%,.0f (%,.0f-%,.0f)", f.median(), f.min(), f.max());
        }

        private void target(String what, String bar, String measured, boolean met) {
            row("| " + what + " | " + bar + " | " + measured + " | " + (met ? "met" : "**not met**") + " |");
        }

        private Measured byClients(List<Measured> list, int c) {
            return list.stream().filter(m -> m.median().clients() == c).findFirst().orElse(null);
        }

        private String ratio(Measured a, Measured b) {
            return String.format(Locale.ROOT, "%.2f", a.median().opsPerSecond() / b.median().opsPerSecond());
        }

        private void row(String s) {
            lines.add(s);
        }
    }

    static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
