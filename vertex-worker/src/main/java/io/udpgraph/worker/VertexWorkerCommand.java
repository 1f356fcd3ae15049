package io.udpgraph.worker;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.runtime.DurationDefaults;
import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.HostPortConverter;
import io.udpgraph.runtime.LegacyMillisConverter;
import io.udpgraph.runtime.MetricsEndpoint;
import io.udpgraph.runtime.NodeOptions;
import io.udpgraph.runtime.Shutdown;
import io.udpgraph.runtime.VersionProvider;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vertex-worker}: runs one {@link VertexWorker} until SIGINT or SIGTERM, then finishes the message
 * in hand and reports how many it processed. {@code --help} lists the flags and every built-in function.
 */
@Command(name = "vertex-worker", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, defaultValueProvider = DurationDefaults.class,
        description = {
            "Takes messages from queue nodes, applies a function to each, publishes every result.",
            "",
            "  vertex-worker --input 127.0.0.1:10000 --output 127.0.0.1:10001 --function double",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped by SIGINT/SIGTERM after finishing the message in hand",
            "1:the worker could not start (a socket, the --exec child, the metrics port)",
            "2:bad usage (unknown function, bad address, missing --input)"
        })
public final class VertexWorkerCommand implements Callable<Integer> {
    /** How each {@code --…-ms} name is documented until it goes. */
    private static final String LEGACY = "The --…-ms name and a bare number of milliseconds still work, for one release.";

    @Spec
    CommandSpec spec;

    @Option(names = "--input", paramLabel = "HOST:PORT", required = true, converter = HostPortConverter.class,
            description = "A queue node to take messages from; repeat for several, polled in turn.")
    List<HostPort> inputs = new ArrayList<>();

    @Option(names = "--output", paramLabel = "HOST:PORT|udp://HOST:PORT", required = true,
            description = "Where results go: a queue node (PUT), or udp://HOST:PORT for a raw UDP sink "
                    + "(one datagram per result); repeat for several.")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--function", paramLabel = "NAME [ARGS…]", arity = "1..*",
            description = "The function: a built-in (listed below) or one in a --function-jar, then its arguments.")
    List<String> function = new ArrayList<>();

    @Option(names = "--function-jar", paramLabel = "PATH",
            description = "A jar with VertexFunction classes listed in META-INF/services/io.udpgraph.worker.VertexFunction.")
    List<Path> functionJars = new ArrayList<>();

    @Option(names = "--exec", paramLabel = "\"CMD ARGS\"",
            description = "Instead of --function: one child process fed LHHTTT frames on stdin, answering with "
                    + "result frames and the byte 0 on stdout (docs/PROTOCOL.md).")
    String exec;

    @Option(names = "--route", paramLabel = "POLICY", defaultValue = "round-robin",
            description = "With several outputs: round-robin, hash (by the result, or the function's key), "
                    + "broadcast or random. Default: ${DEFAULT-VALUE}.")
    String route;

    @Option(names = "--guarantee", paramLabel = "MODE", defaultValue = "at-most-once",
            description = "at-most-once (GET), at-least-once (LEASE, publish, ACK) or effectively-once "
                    + "(adds PUTID and checksums). Default: ${DEFAULT-VALUE}.")
    String guarantee;

    @Option(names = "--errors", paramLabel = "HOST:PORT|udp://HOST:PORT",
            description = "Forward each input the function failed on, as '<kind>: <detail>' and the input on the next line.")
    String errors;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + WorkerConfig.DEFAULT_BATCH_SIZE,
            description = "Messages asked for per GET or LEASE (1-" + WorkerConfig.MAX_BATCH_SIZE + ")."
                    + " Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = {"--idle-max", "--idle-max-ms"}, paramLabel = "DURATION", converter = LegacyMillisConverter.class,
            description = "Longest pause between polls of empty inputs on a node without long polling. "
                    + LEGACY + " Default: ${DEFAULT-VALUE}.")
    Duration idleMax = WorkerConfig.DEFAULT_IDLE_MAX_PARK;

    @Option(names = {"--long-poll", "--long-poll-ms"}, paramLabel = "DURATION",
            converter = LegacyMillisConverter.class,
            description = "How long an idle worker asks a node to hold a poll open (0s: never). " + LEGACY
                    + " Default: ${DEFAULT-VALUE}.")
    Duration longPoll = WorkerConfig.DEFAULT_LONG_POLL_WAIT;

    @Option(names = {"--lease", "--lease-ms"}, paramLabel = "DURATION", converter = LegacyMillisConverter.class,
            description = "Lease time under at-least-once and effectively-once. " + LEGACY
                    + " Default: ${DEFAULT-VALUE}.")
    Duration lease = WorkerConfig.DEFAULT_LEASE_TIME;

    @Option(names = {"--timeout", "--timeout-ms"}, paramLabel = "DURATION", converter = LegacyMillisConverter.class,
            description = "How long to wait for each reply from a node. " + LEGACY + " Default: ${DEFAULT-VALUE}.")
    Duration timeout = WorkerConfig.DEFAULT_REQUEST_TIMEOUT;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "vertex-worker",
            description = "Tags the metrics (node=NAME) and the logs. Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of --route random, to repeat a run.")
    Long seed;

    @Mixin
    NodeOptions shared;

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the built-in functions listed in its help. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new VertexWorkerCommand()).setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpWidth(100);
        StringBuilder footer = new StringBuilder("%nBuilt-in functions:%n");
        for (VertexFunction fn : BuiltinFunctions.all()) {
            footer.append("  ").append(fn.description().replace("%", "%%")).append("%n");
        }
        footer.append("%nExample: the stream-py pong game on one queue node:%n")
                .append("  mq-server --port 10000 &  mq put 127.0.0.1:10000 ping%n")
                .append("  vertex-worker --input 127.0.0.1:10000 --output 127.0.0.1:10000 --function pong 100%n");
        cl.getCommandSpec().usageMessage().footer(footer.toString());
        return cl;
    }

    /** The worker config the options describe; usage errors are {@link CommandLine.ParameterException}s. */
    WorkerConfig toConfig() {
        if (function.isEmpty() == (exec == null)) {
            throw usage("give exactly one of --function NAME [ARGS…] or --exec \"CMD ARGS\"");
        }
        try {
            List<InetSocketAddress> ins = new ArrayList<>();
            for (HostPort hp : inputs) {
                InetSocketAddress a = hp.toSocketAddress();
                if (a.isUnresolved()) {
                    throw new IllegalArgumentException("cannot resolve host '" + hp.host() + "' of --input " + hp);
                }
                ins.add(a);
            }
            List<Output> outs = new ArrayList<>();
            for (String o : outputs) {
                outs.add(Output.parse(o));
            }
            FunctionSpec fn = exec != null ? FunctionSpec.exec(exec)
                    : FunctionSpec.named(function.get(0), function.subList(1, function.size()), functionJars);
            WorkerConfig c = WorkerConfig.defaults()
                    .name(name)
                    .inputs(ins)
                    .outputs(outs)
                    .function(fn)
                    .route(RoutePolicy.parse(route))
                    .guarantee(Guarantee.parse(guarantee))
                    .batchSize(batch)
                    .idlePark(WorkerConfig.DEFAULT_IDLE_MIN_PARK, idleMax.isZero() ? Duration.ofMillis(1) : idleMax)
                    .longPollWait(longPoll)
                    .leaseTime(lease)
                    .requestTimeout(timeout)
                    .errors(errors == null ? null : Output.parse(errors));
            return seed == null ? c : c.routeSeed(seed);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() throws Exception {
        shared.configureLogging();
        WorkerConfig config = toConfig();
        PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
        config = config.registry(registry);
        PrintWriter err = spec.commandLine().getErr();
        Shutdown shutdown = Shutdown.install();
        MetricsEndpoint metrics = null;
        VertexWorker worker = null;
        try {
            metrics = shared.startMetrics(registry);
            if (metrics != null) {
                err.println("vertex-worker " + name + ": metrics at http://" + HostPort.of(metrics.address()) + "/metrics");
                err.flush();
            }
            try {
                worker = VertexWorker.start(config);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            err.println("vertex-worker " + name + ": running; Ctrl-C stops it");
            err.flush();
            shutdown.awaitSignal();
            WorkerStats stats = worker.stop();
            err.println("vertex-worker " + name + ": stopped; " + stats.summary());
            err.flush();
            return ExitCodes.OK;
        } catch (java.io.IOException e) {
            err.println("vertex-worker: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        } finally {
            if (worker != null) {
                worker.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            shutdown.done();
        }
    }
}
