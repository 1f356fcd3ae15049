package io.udpgraph.bench;

import io.udpgraph.protocol.HostPort;
import io.udpgraph.runtime.DurationConverter;
import io.udpgraph.runtime.DurationDefaults;
import io.udpgraph.runtime.HostPortConverter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench hostile}: the soak's strangers ({@link HostileTraffic}) in a process of their own, so their
 * threads and garbage do not share a JVM with the legitimate clients they are measured against.
 */
@Command(name = "hostile", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = DurationDefaults.class,
        description = {"Sends hostile traffic to one queue node (what bench soak starts beside its clients).", "",
            "  bench hostile --target 127.0.0.1:10000 --rate 250 --duration 10m", ""})
final class HostileCommand implements Callable<Integer> {
    @Option(names = "--target", paramLabel = "HOST:PORT", required = true, converter = HostPortConverter.class,
            description = "The queue node.")
    HostPort target;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "250",
            description = "Datagrams per second of each kind. Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--hostile", paramLabel = "KIND", split = ",",
            defaultValue = "garbage,long-poll,lease-storm,ack-guess",
            description = "Kinds to send, of garbage, long-poll, lease-storm, ack-guess. Default: all.")
    List<String> kinds;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long to send. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Override
    public Integer call() throws Exception {
        try (HostileTraffic hostile = new HostileTraffic(target.toSocketAddress(), rate, kinds)) {
            hostile.start();
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(5_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                System.out.println("sent " + hostile.sent());
            }
        }
        return 0;
    }
}
