package io.udpgraph.connector;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.runtime.DurationConverter;
import io.udpgraph.runtime.DurationDefaults;
import io.udpgraph.runtime.HostPortConverter;
import io.udpgraph.runtime.MetricsEndpoint;
import io.udpgraph.runtime.NodeOptions;
import io.udpgraph.runtime.ReplyTimeoutOption;
import io.udpgraph.runtime.VersionProvider;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code connector tcp-out}: leases from a queue node, writes framed to a TCP peer, ACKs what was written. */
@Command(name = "tcp-out", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Leases from a queue node, writes framed to a TCP peer, ACKs what was written.",
        sortOptions = false, usageHelpWidth = 100, defaultValueProvider = DurationDefaults.class,
        description = {
            "Leases messages from the queue node --from in batches and writes them framed to one TCP peer,",
            "connecting to it (--connect) or waiting for it (--listen); each batch is acknowledged only after",
            "all of it was written. A failed write puts the batch back and reconnects with a growing pause.",
            "Messages are written at least once: a batch written just before a crash or a lost ACK is",
            "written again.",
            "",
            "  connector tcp-out --from 127.0.0.1:10001 --connect 127.0.0.1:7001 --framing u32",
            ""},
        footer = {"", "Exit codes: 0 stopped cleanly, 1 could not start, 2 bad usage."})
public final class TcpOutCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", paramLabel = "HOST:PORT", required = true, converter = HostPortConverter.class,
            description = "The queue node messages are leased from.")
    HostPort from;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Peer peer;

    /** Exactly one of --connect and --listen. */
    static final class Peer {
        @Option(names = "--connect", paramLabel = "HOST:PORT", required = true, converter = HostPortConverter.class,
                description = "Connect to a peer listening here (Wallaroo's TCP sink side).")
        HostPort connect;

        @Option(names = "--listen", paramLabel = "HOST:PORT", required = true, converter = HostPortConverter.class,
                description = "Wait for the peer to connect here.")
        HostPort listen;
    }

    @Option(names = "--framing", paramLabel = "u32|len10|lhhttt|line", defaultValue = "u32",
            converter = WordConverter.FramingConverter.class,
            description = "How messages are framed on the stream (default: ${DEFAULT-VALUE}).")
    Framing framing;

    @Option(names = "--take", paramLabel = "N", defaultValue = "" + ProtocolLimits.MAX_TAKE,
            description = "Messages asked for per LEASE; the node sends what fits one datagram "
                    + "(default: ${DEFAULT-VALUE}).")
    int take;

    @Option(names = "--lease", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a batch stays invisible to others before it is delivered again "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration leaseTime = TcpOutConfig.DEFAULT_LEASE_TIME;

    @Option(names = "--max-backoff", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The longest pause between attempts to reconnect (default: ${DEFAULT-VALUE}).")
    Duration maxBackoff = TcpOutConfig.DEFAULT_MAX_BACKOFF;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = TcpOutConfig.DEFAULT_NAME,
            description = "Node name, the node tag of the metrics (default: ${DEFAULT-VALUE}).")
    String name;

    @Mixin
    ReplyTimeoutOption timeout;

    @Mixin
    ConnectorBusyPollOption busyPoll;

    @Mixin
    NodeOptions shared;

    @Override
    public Integer call() throws Exception {
        shared.configureLogging();
        TcpOutConfig config;
        try {
            config = TcpOutConfig.connectTo(from.toSocketAddress(),
                    (peer.connect != null ? peer.connect : peer.listen).toSocketAddress(), framing)
                    .listen(peer.listen != null).take(take).leaseTime(leaseTime).maxBackoff(maxBackoff)
                    .timeout(timeout.timeout()).busyPoll(busyPoll.busyPoll()).name(name)
                    .registry(MetricsEndpoint.newRegistry());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        TcpOutConfig c = config;
        return NodeRun.run("tcp-out", shared, (PrometheusMeterRegistry) c.registry(), spec.commandLine().getErr(),
                () -> TcpOut.start(c), TcpOut::messages);
    }
}
