package io.udpgraph.bench;

import io.udpgraph.runtime.DurationConverter;
import io.udpgraph.runtime.DurationDefaults;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench soak}: a queue node from scripts/mq-server with its defaults, legitimate clients at half of its
 * measured peak beside the strangers of {@link HostileTraffic} in a process of their own ({@code bench hostile});
 * per interval the legitimate clients' success rate and p99 and the node's RSS. Exits 1 when the success rate
 * falls under 99.9 % or the last RSS is more than 10 % above the second.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = DurationDefaults.class,
        description = {
            "Legitimate PUT/GET clients at half of the node's peak beside hostile ones (garbage, long polls from",
            "fresh source ports, LEASE storms, ACKs of guessed lease ids); prints, per interval, the legitimate",
            "clients' success rate and p99 and the node's RSS.",
            "",
            "  bench soak --duration 10m",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the node held: >= 99.9 %% success every interval, last RSS within 10 %% of the second",
            "1:it did not, or the soak could not run", "2:bad usage"})
final class SoakCommand implements Callable<Integer> {
    @Option(names = "--duration", paramLabel = "D", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long the soak runs. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--interval", paramLabel = "D", defaultValue = "1m", converter = DurationConverter.class,
            description = "One report line per interval. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--clients", paramLabel = "C", defaultValue = "16",
            description = "Legitimate clients, each its own socket on 127.0.0.1. Default: ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--hostile-rate", paramLabel = "N", defaultValue = "250",
            description = "Datagrams per second of each hostile kind; 0 for a baseline without them."
                    + " Default: ${DEFAULT-VALUE}.")
    int hostileRate;

    @Option(names = "--hostile", paramLabel = "KIND", split = ",",
            defaultValue = "garbage,long-poll,lease-storm,ack-guess",
            description = "Hostile kinds to send, of garbage, long-poll, lease-storm, ack-guess. Default: all.")
    List<String> hostileKinds;

    /** Load, strangers included, before the first interval is measured. */
    static final Duration WARMUP = Duration.ofSeconds(30);
    /** Success below this share of requests fails the soak. */
    static final double MIN_SUCCESS = 0.999;
    /** The last interval's RSS may be at most this much above the second's. */
    static final double MAX_RSS_GROWTH = 0.10;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getenv().getOrDefault("UDPGRAPH_HOME", "."));
        String loadBefore = Machine.loadAverage();
        try (NodeProcess node = NodeProcess.start(home, "soak", null, "mq-server", List.of("--port", "0"))) {
            InetSocketAddress at = node.awaitAddress(Duration.ofSeconds(60));
            Workload putGet = Workload.of(Workload.Kind.PUT_GET);
            LoadResult peak = LoadGenerator.run(new LoadGenerator.Options(at, putGet, clients, Duration.ofSeconds(1),
                    Duration.ofSeconds(3), LoadGenerator.DEFAULT_TIMEOUT, 0));
            double rate = peak.opsPerSecond() / 2;
            System.out.printf(Locale.ROOT, "peak %.0f ops/s (put-get, %d clients); legitimate load %.0f ops/s; hostile"
                    + " %d datagrams/s of each of %s%n", peak.opsPerSecond(), clients, rate, hostileRate,
                    hostileKinds);
            System.out.println("| minute | legit ops/s | success | p99 µs | empty | timeouts | errors | RSS MB |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            List<Double> rss = new ArrayList<>();
            boolean held = true;
            List<String> hostileArgs = List.of("hostile", "--target", at.getHostString() + ":" + at.getPort(),
                    "--rate", Integer.toString(hostileRate), "--hostile", String.join(",", hostileKinds),
                    "--duration", (duration.plus(WARMUP).plus(interval).toSeconds()) + "s");
            // the strangers run in a process of their own: their threads and garbage are not the clients' pauses
            try (NodeProcess hostile = hostileRate > 0 ? NodeProcess.start(home, "hostile", null, "bench", hostileArgs)
                    : null) {
                long intervals = Math.max(1, duration.toMillis() / interval.toMillis());
                for (long i = 1; i <= intervals; i++) {
                    // a warm-up before the first interval, strangers included: the JIT's start is not the steady state
                    Duration warmup = i == 1 ? WARMUP : Duration.ZERO;
                    LoadResult r = LoadGenerator.run(new LoadGenerator.Options(at, putGet, clients, warmup,
                            interval, LoadGenerator.DEFAULT_TIMEOUT, rate));
                    double asked = r.ops() + r.timeouts();
                    double success = asked == 0 ? 0 : (r.ops() - r.errors()) / asked;
                    double mb = node.rssBytes() / 1e6;
                    rss.add(mb);
                    held &= success >= MIN_SUCCESS;
                    System.out.printf(Locale.ROOT, "| %d | %.0f | %.4f %% | %.0f | %d | %d | %d | %.1f |%n", i,
                            r.opsPerSecond(), 100 * success, r.percentileMicros(99), r.empty(), r.timeouts(),
                            r.errors(), mb);
                }
                System.out.println("hostile datagrams: " + (hostile == null ? "none" : hostile.lastLine()));
            }
            if (rss.size() >= 2) {
                double growth = rss.get(rss.size() - 1) / rss.get(1) - 1;
                held &= growth <= MAX_RSS_GROWTH;
                System.out.printf(Locale.ROOT, "RSS at the last interval %+.1f %% from the second%n", 100 * growth);
            }
            System.out.printf(Locale.ROOT, "%s; %s; load average %s before, %s after%n", held ? "held" : "DID NOT HOLD",
                    Machine.describe(), loadBefore, Machine.loadAverage());
            return held ? 0 : 1;
        }
    }
}
