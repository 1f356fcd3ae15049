package io.udpgraph.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.runtime.MetricsEndpoint;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link VertexWorker} needs, as an immutable value: start from {@link #defaults()} and
 * change what you need ({@code defaults().input(a).output(Output.queue(b)).function("double")}). Every
 * wither returns a new config.
 *
 * @param name            tags every meter ({@code node=<name>}) and names the worker's thread and logs
 * @param inputs          queue nodes the worker takes messages from, polled in turn
 * @param outputs         where results go, chosen per result by {@code route}
 * @param function        what the worker applies to each input
 * @param route           how a result chooses among several outputs
 * @param guarantee       at-most-once (GET), at-least-once or effectively-once (LEASE … ACK)
 * @param batchSize       messages asked for per GET or LEASE (1–{@value ProtocolLimits#MAX_TAKE}); a classic
 *                        node gives one
 * @param idleMinPark     first pause after the inputs were found empty
 * @param idleMaxPark     longest pause; the pause doubles from min to max while the inputs stay empty
 * @param longPollWait    how long an idle worker asks a node to hold a GET/LEASE open for a message
 *                        (0 turns long polling off); a node without long polling answers at once
 * @param leaseTime       how long a leased message stays invisible to other workers (lease modes; 1 ms
 *                        to 12 h)
 * @param requestTimeout  how long to wait for each reply from a node before retrying or giving up
 * @param stopTimeout     how long {@link VertexWorker#close()} keeps retrying the in-hand results
 * @param errors          where inputs that made the function fail are forwarded, or null for nowhere
 * @param routeSeed       seed of the {@code random} route, so a run can be repeated
 * @param registry        the Micrometer registry the worker's meters go to
 */
public record WorkerConfig(
        String name,
        List<InetSocketAddress> inputs,
        List<Output> outputs,
        FunctionSpec function,
        RoutePolicy route,
        Guarantee guarantee,
        int batchSize,
        Duration idleMinPark,
        Duration idleMaxPark,
        Duration longPollWait,
        Duration leaseTime,
        Duration requestTimeout,
        Duration stopTimeout,
        Output errors,
        long routeSeed,
        MeterRegistry registry) {

    /** Messages asked for per GET or LEASE unless configured. */
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** The most messages one GET or LEASE may ask for (docs/PROTOCOL.md). */
    public static final int MAX_BATCH_SIZE = ProtocolLimits.MAX_TAKE;
    /** First pause of an idle worker. */
    public static final Duration DEFAULT_IDLE_MIN_PARK = Duration.ofNanos(50_000);
    /** Longest pause of an idle worker. */
    public static final Duration DEFAULT_IDLE_MAX_PARK = Duration.ofMillis(50);
    /** How long an idle worker asks a node to hold its GET or LEASE open. */
    public static final Duration DEFAULT_LONG_POLL_WAIT = Duration.ofMillis(100);
    /** How long a leased message stays invisible to other workers. */
    public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(30);
    /** How long to wait for each reply from a node. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMillis(500);
    /** How long closing keeps retrying the results of the message in hand. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(2);
    /** The longest long poll docs/PROTOCOL.md allows. */
    public static final Duration MAX_LONG_POLL_WAIT = Duration.ofMillis(ProtocolLimits.MAX_WAIT_MS);
    /** The longest lease docs/PROTOCOL.md allows. */
    public static final Duration MAX_LEASE_TIME = Duration.ofMillis(ProtocolLimits.MAX_LEASE_MS);
    /** With several outputs, each result goes to the next one in turn. */
    public static final RoutePolicy DEFAULT_ROUTE = RoutePolicy.ROUND_ROBIN;
    /** Classic GET and PUT, as the original worker did. */
    public static final Guarantee DEFAULT_GUARANTEE = Guarantee.AT_MOST_ONCE;

    public WorkerConfig {
        Objects.requireNonNull(name, "name");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(guarantee, "guarantee");
        Objects.requireNonNull(registry, "registry");
        ProtocolLimits.requireTake(batchSize, "batch size");
        if (idleMinPark.isNegative() || idleMaxPark.compareTo(idleMinPark) < 0) {
            throw new IllegalArgumentException("idle pauses need 0 <= min <= max, got min " + idleMinPark
                    + " and max " + idleMaxPark);
        }
        if (longPollWait.isNegative() || !ProtocolLimits.isWaitMs(longPollWait.toMillis())) {
            throw new IllegalArgumentException("long-poll wait must be 0-" + MAX_LONG_POLL_WAIT.toSeconds()
                    + " s, got " + longPollWait);
        }
        if (leaseTime.isNegative() || !ProtocolLimits.isLeaseMs(leaseTime.toMillis())) {
            throw new IllegalArgumentException("lease time must be 1 ms to " + MAX_LEASE_TIME.toHours() + " h, got "
                    + leaseTime);
        }
        if (requestTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("request timeout must be at least 1 ms, got " + requestTimeout);
        }
        if (stopTimeout.isNegative()) {
            throw new IllegalArgumentException("stop timeout must not be negative, got " + stopTimeout);
        }
    }

    /**
     * No inputs or outputs yet, {@code passthrough}, round-robin, at-most-once, batches of 32, idle
     * pauses from 50 µs to 50 ms, 100 ms long polls, 30 s leases, 500 ms request timeout, a fresh
     * Prometheus registry.
     */
    public static WorkerConfig defaults() {
        return new WorkerConfig("vertex-worker", List.of(), List.of(), FunctionSpec.named("passthrough"),
                DEFAULT_ROUTE, DEFAULT_GUARANTEE, DEFAULT_BATCH_SIZE, DEFAULT_IDLE_MIN_PARK,
                DEFAULT_IDLE_MAX_PARK, DEFAULT_LONG_POLL_WAIT, DEFAULT_LEASE_TIME, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_STOP_TIMEOUT, null, System.nanoTime(), MetricsEndpoint.newRegistry());
    }

    public WorkerConfig name(String n) {
        return new WorkerConfig(n, inputs, outputs, function, route, guarantee, batchSize, idleMinPark, idleMaxPark,
                longPollWait, leaseTime, requestTimeout, stopTimeout, errors, routeSeed, registry);
    }

    /** Adds one input. */
    public WorkerConfig input(InetSocketAddress address) {
        List<InetSocketAddress> more = new ArrayList<>(inputs);
        more.add(address);
        return inputs(more);
    }

    public WorkerConfig inputs(List<InetSocketAddress> list) {
        return new WorkerConfig(name, list, outputs, function, route, guarantee, batchSize, idleMinPark, idleMaxPark,
                longPollWait, leaseTime, requestTimeout, stopTimeout, errors, routeSeed, registry);
    }

    /** Adds one output. */
    public WorkerConfig output(Output o) {
        List<Output> more = new ArrayList<>(outputs);
        more.add(o);
        return outputs(more);
    }

    public WorkerConfig outputs(List<Output> list) {
        return new WorkerConfig(name, inputs, list, function, route, guarantee, batchSize, idleMinPark, idleMaxPark,
                longPollWait, leaseTime, requestTimeout, stopTimeout, errors, routeSeed, registry);
    }

    public WorkerConfig function(FunctionSpec f) {
        return new WorkerConfig(name, inputs, outputs, f, route, guarantee, batchSize, idleMinPark, idleMaxPark,
                longPollWait, leaseTime, requestTimeout, stopTimeout, errors, routeSeed, registry);
    }

    /** A built-in function by name with its arguments, e.g. {@code function("grep", "^a")}. */
    public WorkerConfig function(String functionName, String... args) {
        return function(FunctionSpec.named(functionName, args));
    }

    public WorkerConfig route(RoutePolicy r) {
        return new WorkerConfig(name, inputs, outputs, function, r, guarantee, batchSize, idleMinPark, idleMaxPark,
                longPollWait, leaseTime, requestTimeout, stopTimeout, errors, routeSeed, registry);
    }

    public WorkerConfig guarantee(Guarantee g) {
        return new WorkerConfig(name, inputs, outputs, function, route, g, batchSize, idleMinPark, idleMaxPark,
                longPollWait, leaseTime, requestTimeout, stopTimeout, errors, routeSeed, registry);
    }

    public WorkerConfig batchSize(int n) {
        return new WorkerConfig(name, inputs, outputs, function, route, guarantee, n, idleMinPark, idleMaxPark,
                longPollWait, leaseTime, requestTimeout, stopTimeout, errors, routeSeed, registry);
    }

    /** The idle back-off bounds: the first pause and the cap it doubles up to. */
    public WorkerConfig idlePark(Duration min, Duration max) {
        return new WorkerConfig(name, inputs, outputs, function, route, guarantee, batchSize, min, max,
                longPollWait, leaseTime, requestTimeout, stopTimeout, errors, routeSeed, registry);
    }

    public WorkerConfig longPollWait(Duration d) {
        return new WorkerConfig(name, inputs, outputs, function, route, guarantee, batchSize, idleMinPark, idleMaxPark,
                d, leaseTime, requestTimeout, stopTimeout, errors, routeSeed, registry);
    }

    public WorkerConfig leaseTime(Duration d) {
        return new WorkerConfig(name, inputs, outputs, function, route, guarantee, batchSize, idleMinPark, idleMaxPark,
                longPollWait, d, requestTimeout, stopTimeout, errors, routeSeed, registry);
    }

    public WorkerConfig requestTimeout(Duration d) {
        return new WorkerConfig(name, inputs, outputs, function, route, guarantee, batchSize, idleMinPark, idleMaxPark,
                longPollWait, leaseTime, d, stopTimeout, errors, routeSeed, registry);
    }

    public WorkerConfig stopTimeout(Duration d) {
        return new WorkerConfig(name, inputs, outputs, function, route, guarantee, batchSize, idleMinPark, idleMaxPark,
                longPollWait, leaseTime, requestTimeout, d, errors, routeSeed, registry);
    }

    /** Where failed inputs are forwarded (null: nowhere). */
    public WorkerConfig errors(Output o) {
        return new WorkerConfig(name, inputs, outputs, function, route, guarantee, batchSize, idleMinPark, idleMaxPark,
                longPollWait, leaseTime, requestTimeout, stopTimeout, o, routeSeed, registry);
    }

    public WorkerConfig routeSeed(long seed) {
        return new WorkerConfig(name, inputs, outputs, function, route, guarantee, batchSize, idleMinPark, idleMaxPark,
                longPollWait, leaseTime, requestTimeout, stopTimeout, errors, seed, registry);
    }

    public WorkerConfig registry(MeterRegistry r) {
        return new WorkerConfig(name, inputs, outputs, function, route, guarantee, batchSize, idleMinPark, idleMaxPark,
                longPollWait, leaseTime, requestTimeout, stopTimeout, errors, routeSeed, r);
    }
}
