package io.udpgraph.bench;

import io.udpgraph.runtime.DurationConverter;
import io.udpgraph.runtime.DurationDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench connector}: tcp-in and tcp-out throughput with U32 framing over one connection, side by side. */
@Command(name = "connector", mixinStandardHelpOptions = true, defaultValueProvider = DurationDefaults.class,
        description = {"tcp-in (one connection, U32 frames) into one queue node, then a tcp-out drain of it,",
            "run after run in turn; prints medians against BuffStreams' 1.1 M messages/s on one socket.", ""})
final class ConnectorCommand implements Callable<Integer> {
    /** BuffStreams' figure for 110-byte messages on one socket. */
    static final double TARGET = 1.1e6;

    @Option(names = "--messages", defaultValue = "2000000", description = "Messages per run (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--bytes", defaultValue = "110", description = "Bytes per message (default: ${DEFAULT-VALUE}).")
    int bytes;

    @Option(names = "--warmup-runs", defaultValue = "1", description = "Runs first, reported but not counted, so "
            + "the processes' JIT compilers are done (default: ${DEFAULT-VALUE}).")
    int warmups;

    @Option(names = "--runs", defaultValue = "3", description = "Runs; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--busy-poll", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give the node, tcp-in and tcp-out this --busy-poll, e.g. 0s or 500us (default: each its "
                    + "own, the node 0s and the connectors 500us).")
    Duration busyPoll;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getenv().getOrDefault("UDPGRAPH_HOME", "."));
        String loadBefore = Machine.loadAverage();
        List<ConnectorBench.Run> r = new ConnectorBench(home, messages, bytes, busyPoll).run(warmups, runs);
        double[] in = r.stream().mapToDouble(ConnectorBench.Run::tcpIn).toArray();
        double[] out = r.stream().mapToDouble(ConnectorBench.Run::tcpOut).toArray();
        System.out.println("| step | median messages/s | min–max | vs 1.1 M/s | CPU µs per message: connector + node |");
        System.out.println("|---|---|---|---|---|");
        row("tcp-in, U32, one connection, into one queue node", in,
                median(r.stream().mapToDouble(ConnectorBench.Run::tcpInCpuUs).toArray()),
                median(r.stream().mapToDouble(ConnectorBench.Run::nodeInCpuUs).toArray()));
        row("tcp-out drain of that node, U32, one connection", out,
                median(r.stream().mapToDouble(ConnectorBench.Run::tcpOutCpuUs).toArray()),
                median(r.stream().mapToDouble(ConnectorBench.Run::nodeOutCpuUs).toArray()));
        String poll = busyPoll == null ? "as by default" : DurationConverter.format(busyPoll);
        System.out.printf(Locale.ROOT, "%n%d messages of %d bytes per run, %d runs after %d warm-up, busy poll %s; "
                + "%s; load average %s before, %s after%n", messages, bytes, runs, warmups, poll, Machine.describe(),
                loadBefore, Machine.loadAverage());
        return 0;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static void row(String name, double[] values, double connectorCpuUs, double nodeCpuUs) {
        double[] v = values.clone();
        Arrays.sort(v);
        double median = median(values);
        System.out.printf(Locale.ROOT, "| %s | %.0f k | %.0f–%.0f k | %.2f× | %.2f + %.2f |%n", name, median / 1e3,
                v[0] / 1e3, v[v.length - 1] / 1e3, median / TARGET, connectorCpuUs, nodeCpuUs);
    }
}
