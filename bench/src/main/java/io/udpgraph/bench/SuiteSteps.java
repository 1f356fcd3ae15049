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
    Figure builtinWorker;
    Figure pythonWorker;
    MemoryStep.Result memory;
    DurableStep.Result durable;
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
            step("memory", () -> memory = new MemoryStep(plan).run());
        }
        if (plan.includes("python")) {
            progress("python function");
            step("python function", this::pythonFunction);
        }
        if (plan.includes("durable")) {
            progress("durable: --fsync always and interval beside Redis appendfsync always and everysec, in turn");
            step("durable", () -> durable = new DurableStep(plan, this::once).run());
        }
    }

    /** The stream-py passthrough file that the python step runs, from the examples. */
    static final String PYTHON_PASSTHROUGH = "examples/stream-py/functions/passthrough.py";

    /**
     * One worker between two nodes, the built-in {@code passthrough} and {@code --python-function} of the
     * same function in stream-py's style, taken in turn run by run so both see the machine alike.
     */
    private void pythonFunction() throws IOException {
        List<String> python = List.of("--python-function", plan.home().resolve(PYTHON_PASSTHROUGH).toString());
        double[] builtin = new double[plan.runs()];
        double[] py = new double[plan.runs()];
        String notes = "";
        for (int i = 0; i < plan.runs(); i++) {
            builtin[i] = new ChainStep(plan.home(), plan.nodeThreads(), plan.chainWorkerBatch(), plan.timeout(), 1,
                    List.of("--function", "passthrough")).run(plan.chainMessages(), 1, this::progress).median();
            Figure p = new ChainStep(plan.home(), plan.nodeThreads(), plan.chainWorkerBatch(), plan.timeout(), 1,
                    python).run(plan.chainMessages(), 1, this::progress);
            py[i] = p.median();
            notes = p.note();
        }
        builtinWorker = Figure.of(builtin, "");
        pythonWorker = Figure.of(py, notes);
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
