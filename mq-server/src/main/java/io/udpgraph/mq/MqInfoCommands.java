package io.udpgraph.mq;

import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import io.udpgraph.protocol.Reply;
import io.udpgraph.runtime.DurationConverter;
import io.udpgraph.runtime.DurationDefaults;
import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.VersionProvider;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code mq} subcommands that look at a node: size, stats, watch, and send for any raw command. */
final class MqInfoCommands {
    private MqInfoCommands() {
    }

    @Command(name = "size", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            defaultValueProvider = DurationDefaults.class,
            description = "Prints how many messages the node holds visible (the classic SIZE).")
    static final class Size extends MqCommand.Action {
        @Override
        int run(MqClient client, PrintWriter out) throws IOException {
            out.println(client.size());
            return ExitCodes.OK;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            defaultValueProvider = DurationDefaults.class,
            description = "Prints the node's counts, one name=value per line: visible, leased, dead-lettered, …")
    static final class Stats extends MqCommand.Action {
        @Override
        int run(MqClient client, PrintWriter out) throws IOException {
            for (Map.Entry<String, Long> e : client.stats().entrySet()) {
                out.println(e.getKey() + "=" + e.getValue());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            defaultValueProvider = DurationDefaults.class,
            description = {"Prints the node's visible and leased messages once a second, with how fast each changes,",
                    "until Ctrl-C (exit 130) or --count lines. A second without a reply prints a line that says so."})
    static final class Watch extends MqCommand.Action {
        private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

        @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "time between lines (default: ${DEFAULT-VALUE})")
        Duration interval = Duration.ofSeconds(1);

        @Option(names = "--count", paramLabel = "N", defaultValue = "0",
                description = "stop after N lines; 0 watches until Ctrl-C (default: ${DEFAULT-VALUE})")
        long count;

        @Override
        void check() {
            if (interval.toMillis() < 10) {
                throw usage("--interval must be at least 10ms, got " + DurationConverter.format(interval));
            }
            if (count < 0) {
                throw usage("--count must be 0 or more, got " + count);
            }
        }

        @Override
        int run(MqClient client, PrintWriter out) throws IOException {
            out.printf(Locale.ROOT, "%-8s %10s %10s %12s %12s%n", "time", "visible", "leased", "visible/s", "leased/s");
            out.flush();
            long[] before = null;
            long beforeNanos = 0;
            long next = System.nanoTime();
            for (long line = 0; count == 0 || line < count; line++) {
                String clock = LocalTime.now().format(CLOCK);
                try {
                    Map<String, Long> s = client.stats();
                    long now = System.nanoTime();
                    long[] v = {s.getOrDefault("visible", 0L), s.getOrDefault("leased", 0L)};
                    String rates = before == null ? String.format(Locale.ROOT, "%12s %12s", "-", "-")
                            : String.format(Locale.ROOT, "%+12.1f %+12.1f", rate(v[0] - before[0], now - beforeNanos),
                                    rate(v[1] - before[1], now - beforeNanos));
                    out.printf(Locale.ROOT, "%-8s %10d %10d %s%n", clock, v[0], v[1], rates);
                    before = v;
                    beforeNanos = now;
                } catch (MqException.Timeout e) {
                    out.printf(Locale.ROOT, "%-8s no reply (a router or the network may have dropped it)%n", clock);
                }
                out.flush();
                next += interval.toNanos();
                sleepUntil(next);
            }
            return ExitCodes.OK;
        }

        private static double rate(long change, long nanos) {
            return nanos <= 0 ? 0 : change * 1e9 / nanos;
        }

        private static void sleepUntil(long nanoTime) throws InterruptedIOException {
            long wait = nanoTime - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("watch interrupted");
            }
        }
    }

    @Command(name = "send", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            defaultValueProvider = DurationDefaults.class,
            description = {"Sends RAW command texts in one datagram and prints each reply frame on a line.",
                    "Several RAWs make a batch. Exits 1 when a reply is an ERR."})
    static final class Send extends MqCommand.Action {
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "RAW",
                description = "command texts, e.g. SIZE, PEEK, PUT:hello, GET:5:1000, LEASE:1:30000")
        List<String> commands;

        @Override
        int run(MqClient client, PrintWriter out) throws IOException {
            boolean refused = false;
            for (Reply r : client.send(commands)) {
                out.println(r.text());
                refused |= r.isError();
            }
            return refused ? ExitCodes.FAILURE : ExitCodes.OK;
        }
    }
}
