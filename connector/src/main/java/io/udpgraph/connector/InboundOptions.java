package io.udpgraph.connector;

import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.runtime.HostPortConverter;
import io.udpgraph.runtime.MetricsEndpoint;
import io.udpgraph.runtime.NodeOptions;
import io.udpgraph.runtime.ReplyTimeoutOption;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options tcp-in and udp-in share: where to listen, where to PUT, what to promise; mix in with {@code @Mixin}. */
public final class InboundOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = "--listen", paramLabel = "HOST:PORT", required = true, converter = HostPortConverter.class,
            description = "Where feeds send (port 0 picks a free one).")
    HostPort listen;

    @Option(names = "--to", paramLabel = "HOST:PORT", required = true, converter = HostPortConverter.class,
            description = "The queue node messages are PUT to.")
    HostPort to;

    @Option(names = "--max-message-bytes", paramLabel = "N", defaultValue = "" + ProtocolLimits.MAX_MESSAGE_BYTES,
            description = "The longest message; a longer frame closes its connection (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--guarantee", paramLabel = "at-least-once|effectively-once", defaultValue = "at-least-once",
            converter = WordConverter.GuaranteeConverter.class,
            description = "effectively-once PUTs with ids from connection and sequence (PUTID) and checksums, so a "
                    + "batch sent again after a lost reply is stored once (default: ${DEFAULT-VALUE}).")
    Guarantee guarantee;

    @Option(names = "--name", paramLabel = "NAME", description = "Node name, the node tag of the metrics.")
    String name;

    @Mixin
    ReplyTimeoutOption timeout;

    @Mixin
    ConnectorBusyPollOption busyPoll;

    @Mixin
    NodeOptions shared;

    /** The configuration these options describe; a bad value is a usage error. */
    TcpInConfig config(Framing framing, String defaultName) {
        try {
            return TcpInConfig.of(listen.toSocketAddress(), to.toSocketAddress(), framing)
                    .maxMessageBytes(maxMessageBytes).guarantee(guarantee).timeout(timeout.timeout())
                    .busyPoll(busyPoll.busyPoll())
                    .name(name == null ? defaultName : name).registry(MetricsEndpoint.newRegistry());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage());
        }
    }
}
