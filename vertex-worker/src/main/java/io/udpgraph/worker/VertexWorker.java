package io.udpgraph.worker;

import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.Lease;
import io.udpgraph.protocol.LeaseId;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.runtime.BackoffIdleStrategy;
import io.udpgraph.runtime.IdleStrategy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A vertex: takes messages from its input queue nodes, applies a function, publishes the results. Start
 * one with {@code VertexWorker.start(WorkerConfig.defaults().input(in).output(Output.queue(out))
 * .function("double"))}; it runs on its own thread until {@link #close()}.
 *
 * <p>The loop is an agent: each round polls every input once, starting one further along each time so
 * no input starves, asks each for up to {@code batchSize} messages, applies the function to each,
 * publishes the round's results in batches, and (under the lease guarantees) acknowledges the inputs
 * only once their results were acknowledged, in front of the next LEASE to the same node. A round
 * that finds nothing backs off: first a long poll on the inputs, which a node that offers it holds
 * open until a message comes, then, when the node answers at once (a classic node), pauses that
 * double up to {@code idleMaxPark}. Any number of workers live in one JVM; they share nothing but the
 * sockets they talk through.
 */
public final class VertexWorker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(VertexWorker.class.getName());
    /** Empty rounds before a worker with several inputs long-polls them (with one input: the first). */
    static final int LONG_POLL_AFTER_EMPTY_ROUNDS = BackoffIdleStrategy.DEFAULT_SPINS + BackoffIdleStrategy.DEFAULT_YIELDS;

    private final WorkerConfig config;
    private final WorkerMetrics metrics;
    private final ErrorLog errorLog;
    private final FunctionLoader.Loaded loaded;
    private final VertexFunction function;
    private final String functionLabel;
    private final WorkerInput[] inputs;
    private final Publisher publisher;
    private final Router router;
    private final IdleStrategy idle;
    private final ResultBuffer results = new ResultBuffer();
    private final Thread thread;
    private final BooleanSupplier giveUp = this::pastStopDeadline;
    private final boolean deriveIds;

    private static final long PAUSE_CHECK_NS = 10_000_000;
    private volatile boolean stopping;
    /** Set by {@link #pause}: the loop takes nothing and keeps what it holds, as a SIGSTOPped process would. */
    private volatile boolean paused;
    /** Set by {@link #kill}: what fails in the loop from then on is the kill, not a bug. */
    private volatile boolean killed;
    private volatile long stopRequestedNs;
    private boolean closed;
    private WorkerStats finalStats;
    private int nextInput;
    private int emptyRounds;
    private boolean lastRoundWaited;

    private VertexWorker(WorkerConfig config, WorkerMetrics metrics, ErrorLog errorLog, FunctionLoader.Loaded loaded,
                         WorkerInput[] inputs, Publisher publisher) {
        this.config = config;
        this.metrics = metrics;
        this.errorLog = errorLog;
        this.loaded = loaded;
        this.function = loaded.function();
        this.functionLabel = config.function().label();
        this.inputs = inputs;
        this.publisher = publisher;
        this.router = new Router(config.route(), config.outputs().size(), config.routeSeed());
        this.idle = new BackoffIdleStrategy(BackoffIdleStrategy.DEFAULT_SPINS, BackoffIdleStrategy.DEFAULT_YIELDS,
                config.idleMinPark(), config.idleMaxPark());
        this.deriveIds = config.guarantee() == Guarantee.EFFECTIVELY_ONCE;
        this.thread = new Thread(this::run, "vertex-worker-" + config.name());
        this.thread.setDaemon(true);
    }

    /**
     * Loads the function (starting an {@code --exec} child), opens a socket per input and output, and
     * starts the loop on its own thread. Throws {@link IllegalArgumentException} for a config that
     * cannot work (no input, unknown function, bad function arguments) and {@link IOException} when a
     * socket or the child cannot be opened.
     */
    public static VertexWorker start(WorkerConfig config) throws IOException {
        if (config.inputs().isEmpty()) {
            throw new IllegalArgumentException("a worker needs at least one input: --input HOST:PORT");
        }
        if (config.outputs().isEmpty()) {
            throw new IllegalArgumentException("a worker needs at least one output: --output HOST:PORT or udp://HOST:PORT");
        }
        WorkerMetrics metrics = new WorkerMetrics(config.registry(), config.name());
        FunctionLoader.Loaded loaded = FunctionLoader.load(config.function(), metrics::execRestart);
        ErrorLog errorLog = new ErrorLog(LOG, config.name() + ": ");
        List<WorkerInput> opened = new ArrayList<>();
        Publisher publisher = null;
        try {
            MqClient.Options options = MqClient.Options.defaults()
                    .timeout(config.requestTimeout())
                    .checksums(config.guarantee() == Guarantee.EFFECTIVELY_ONCE);
            for (InetSocketAddress in : config.inputs()) {
                opened.add(new WorkerInput(in, options, config.guarantee(), metrics, errorLog));
            }
            ErrorLog publishLog = new ErrorLog(Logger.getLogger(Publisher.class.getName()), config.name() + ": ");
            publisher = new Publisher(config.outputs(), config.errors(), config.guarantee(), config.requestTimeout(),
                    metrics, publishLog);
            VertexWorker worker = new VertexWorker(config, metrics, errorLog, loaded,
                    opened.toArray(new WorkerInput[0]), publisher);
            worker.thread.start();
            LOG.info(config.name() + ": " + describe(config));
            return worker;
        } catch (IOException | RuntimeException e) {
            for (WorkerInput in : opened) {
                in.close();
            }
            if (publisher != null) {
                publisher.close();
            }
            closeQuietly(loaded);
            throw e;
        }
    }

    private static String describe(WorkerConfig c) {
        List<String> ins = new ArrayList<>();
        for (InetSocketAddress a : c.inputs()) {
            ins.add(HostPort.of(a).toString());
        }
        List<String> outs = new ArrayList<>();
        for (Output o : c.outputs()) {
            outs.add(o.toString());
        }
        return String.join(", ", ins) + " → " + c.function().label() + " → " + String.join(", ", outs)
                + (c.outputs().size() > 1 ? " (" + c.route().word() + ")" : "") + ", " + c.guarantee().word()
                + (c.errors() != null ? ", errors to " + c.errors() : "");
    }

    /** The configuration the worker runs with. */
    public WorkerConfig config() {
        return config;
    }

    /** The name that tags its meters and logs. */
    public String name() {
        return config.name();
    }

    /** What the worker has done so far; safe from any thread. */
    public WorkerStats stats() {
        return metrics.snapshot();
    }

    /** True until the loop has ended. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** The loop's thread (tests measure its CPU time). */
    Thread thread() {
        return thread;
    }

    /** The {@code --exec} child's process id, or -1 (tests kill it). */
    long execPid() {
        ExecFunction exec = loaded.exec();
        return exec != null ? exec.pid() : -1;
    }

    /**
     * Stops the worker and returns what it did: the message in hand is finished and its results are
     * published (for up to {@code stopTimeout} of retries); under the lease guarantees the leased
     * messages not yet started are handed back with NACK. Then every socket and the child are closed.
     */
    public synchronized WorkerStats stop() {
        if (!beginStop()) {
            return finalStats;
        }
        LockSupport.unpark(thread);
        long budgetMs = config.stopTimeout().toMillis() + config.longPollWait().toMillis()
                + 2 * config.requestTimeout().toMillis() + 1_000;
        join(budgetMs);
        if (thread.isAlive()) {
            LOG.warning(config.name() + ": the function did not finish the message in hand within " + budgetMs
                    + " ms; interrupting it");
            thread.interrupt();
            join(500);
        }
        closeQuietly(loaded);
        join(500);
        for (WorkerInput in : inputs) {
            in.close();
        }
        publisher.close();
        finalStats = metrics.snapshot();
        LOG.fine(config.name() + ": stopped; " + finalStats.summary());
        return finalStats;
    }

    /**
     * Ends the worker as a crash would, for experiments: its sockets close at once, and nothing in hand is
     * finished, published, acknowledged or handed back (leased messages come back when their leases expire).
     * {@link #stop()} is the graceful way.
     */
    public synchronized WorkerStats kill() {
        if (!beginStop()) {
            return finalStats;
        }
        killed = true;
        for (WorkerInput in : inputs) {
            in.close();
        }
        publisher.close();
        thread.interrupt();
        join(200); // a loop caught in a retry may take longer to notice: it sends nothing through closed sockets
        closeQuietly(loaded);
        finalStats = metrics.snapshot();
        return finalStats;
    }

    /**
     * Freezes the loop between two rounds, or lets it go on: a paused worker takes nothing, keeps its leases
     * (they expire on their queues as a frozen process's would) and still stops when asked.
     */
    public void pause(boolean pause) {
        paused = pause;
        LockSupport.unpark(thread);
    }

    /** Marks the worker stopping; false when it was stopped (or killed) already. */
    private boolean beginStop() {
        if (closed) {
            return false;
        }
        closed = true;
        stopRequestedNs = System.nanoTime();
        stopping = true;
        return true;
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void join(long ms) {
        try {
            thread.join(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean pastStopDeadline() {
        return stopping && System.nanoTime() - stopRequestedNs > config.stopTimeout().toNanos();
    }

    // ---- the agent ----

    private void run() {
        try {
            loop();
        } finally {
            // the last batches' ACKs would otherwise wait for a LEASE that never comes
            for (WorkerInput in : inputs) {
                in.settleAcks();
            }
        }
    }

    private void loop() {
        while (!stopping) {
            if (paused) {
                LockSupport.parkNanos(PAUSE_CHECK_NS);
                continue;
            }
            int work;
            try {
                work = doWork();
            } catch (RuntimeException e) {
                if (killed) {
                    return; // kill closed the sockets under the loop, as a crash would
                }
                errorLog.once("bug " + e.getClass().getName(), Level.SEVERE, "unexpected " + e + " in the worker loop; "
                        + "it goes on, but please report this");
                work = 0;
                lastRoundWaited = false;
            }
            if (work > 0) {
                emptyRounds = 0;
                idle.reset();
            } else {
                emptyRounds++;
                if (!lastRoundWaited && !stopping) {
                    idle.idle(0);
                }
            }
        }
    }

    /** One round over every input; returns the messages taken. */
    int doWork() {
        int n = inputs.length;
        long longPollMs = config.longPollWait().toMillis();
        boolean longPoll = longPollMs > 0 && emptyRounds >= (n == 1 ? 1 : LONG_POLL_AFTER_EMPTY_ROUNDS);
        long waitMs = longPoll ? Math.max(1, longPollMs / n) : 0;
        long startNs = System.nanoTime();
        int work = 0;
        for (int k = 0; k < n && !stopping; k++) {
            WorkerInput in = inputs[(nextInput + k) % n];
            long wait = work == 0 ? waitMs : 0;
            work += config.guarantee().leases() ? pollLeases(in, wait) : pollGets(in, wait);
        }
        nextInput = (nextInput + 1) % n;
        // a node that held the poll open has done the waiting; one that answered at once needs a pause
        lastRoundWaited = longPoll && work == 0
                && System.nanoTime() - startNs >= TimeUnit.MILLISECONDS.toNanos(longPollMs) / 2;
        return work;
    }

    private int pollGets(WorkerInput in, long waitMs) {
        List<byte[]> messages;
        try {
            if (config.batchSize() == 1 && waitMs == 0) {
                byte[] one = in.client().get();
                messages = one.length == 0 ? List.of() : List.of(one);
            } else {
                messages = in.client().get(config.batchSize(), Duration.ofMillis(waitMs));
            }
        } catch (IOException e) {
            in.failed("GET", e);
            return 0;
        }
        if (messages.isEmpty()) {
            metrics.idlePoll();
            return 0;
        }
        List<String> texts = new ArrayList<>(messages.size());
        for (byte[] m : messages) {
            texts.add(new String(m, StandardCharsets.UTF_8));
        }
        loaded.lookahead(texts);
        // at-most-once: these are off the queue already, so every one is processed even while stopping
        for (String text : texts) {
            process(text, null);
        }
        publisher.flush(giveUp);
        return messages.size();
    }

    private int pollLeases(WorkerInput in, long waitMs) {
        MqClient.LeaseReply reply;
        try {
            // the ACK of the last batch rides in front of this LEASE: one round trip for both
            reply = in.client().lease(in.unsentAcks(), config.batchSize(), config.leaseTime(),
                    Duration.ofMillis(waitMs));
        } catch (IOException e) {
            in.failed("LEASE", e);
            return 0;
        }
        if (reply.acked().isPresent()) {
            in.acksSettled();
        }
        List<Lease> leases = reply.leases();
        if (leases.isEmpty()) {
            metrics.idlePoll();
            return 0;
        }
        LeaseId[] done = new LeaseId[leases.size()];
        List<String> texts = new ArrayList<>(leases.size());
        for (Lease lease : leases) {
            texts.add(lease.text());
        }
        loaded.lookahead(texts);
        int count = 0;
        for (Lease lease : leases) {
            if (stopping) {
                break;
            }
            String base = deriveIds ? OutputIds.base(lease.messageId(), in.address, lease.leaseId().sequence()) : null;
            process(texts.get(count), base);
            done[count++] = lease.leaseId();
        }
        boolean published = publisher.flush(giveUp);
        LeaseId[] handled = Arrays.copyOf(done, count);
        if (published) {
            in.owe(handled, stopping);
        } else {
            in.nack(handled);
        }
        if (count < leases.size()) {
            LeaseId[] rest = new LeaseId[leases.size() - count];
            for (int i = count; i < leases.size(); i++) {
                rest[i - count] = leases.get(i).leaseId();
            }
            in.nack(rest);
        }
        return leases.size();
    }

    /** Applies the function to one input and queues its results; {@code idBase} is non-null under effectively-once. */
    private void process(String input, String idBase) {
        results.clear();
        long t0 = System.nanoTime();
        Throwable failure = null;
        try {
            function.apply(input, results);
        } catch (Exception | StackOverflowError e) {
            failure = e;
        }
        metrics.messageIn(System.nanoTime() - t0);
        if (failure != null) {
            results.clear();
            functionFailed(failure, input, idBase);
            return;
        }
        int n = results.size();
        if (LOG.isLoggable(Level.FINEST)) {
            LOG.finest(config.name() + ": '" + ErrorLog.shorten(input) + "' → " + results.results());
        }
        for (int i = 0; i < n; i++) {
            String result = results.result(i);
            String id = idBase == null ? null : OutputIds.result(idBase, i);
            int out = router.route(results.routingKey(i), result, id);
            if (out == Router.ALL) {
                for (int o = 0; o < publisher.outputs(); o++) {
                    publisher.add(o, id, result);
                }
            } else {
                publisher.add(out, id, result);
            }
        }
    }

    private void functionFailed(Throwable e, String input, String idBase) {
        String kind = e.getClass().getSimpleName();
        String detail = e.getMessage() == null ? "" : e.getMessage().replace('\n', ' ');
        metrics.functionError(kind);
        errorLog.once("function " + kind, Level.WARNING, "function '" + functionLabel + "' failed on '"
                + ErrorLog.shorten(input) + "': " + kind + (detail.isEmpty() ? "" : ": " + detail)
                + (config.errors() != null ? "; forwarded to " + config.errors() : ""));
        publisher.addError(idBase == null ? null : OutputIds.error(idBase), kind + ": " + detail + "\n" + input);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing " + c + " failed", e);
        }
    }
}
