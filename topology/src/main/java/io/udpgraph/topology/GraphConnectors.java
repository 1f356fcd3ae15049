package io.udpgraph.topology;

import io.udpgraph.connector.TcpIn;
import io.udpgraph.connector.TcpInConfig;
import io.udpgraph.connector.TcpOut;
import io.udpgraph.connector.TcpOutConfig;
import io.udpgraph.connector.UdpIn;
import io.udpgraph.protocol.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.logging.Logger;

/**
 * The connectors of a running graph (a topology file's {@code connectors:}), started once their queues listen and
 * stopped before them, so a tcp-out hands back what it leased while its queue still answers.
 */
final class GraphConnectors implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GraphConnectors.class.getName());

    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final Map<String, InetSocketAddress> bound = new HashMap<>();

    private GraphConnectors() {
    }

    /** No connectors. */
    static GraphConnectors none() {
        return new GraphConnectors();
    }

    /** Starts every connector of {@code topology}; {@code addressFor(connector, queue)} says where its queue is. */
    static GraphConnectors start(Topology topology, BiFunction<String, String, InetSocketAddress> addressFor)
            throws IOException {
        GraphConnectors g = new GraphConnectors();
        try {
            for (Topology.Connector c : topology.connectors().values()) {
                g.start(c, addressFor.apply(c.name(), c.queue()));
            }
        } catch (IOException | RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
    }

    private void start(Topology.Connector c, InetSocketAddress queue) throws IOException {
        InetSocketAddress at = c.address().toSocketAddress();
        switch (c.kind()) {
            case TCP_IN -> {
                TcpIn in = TcpIn.start(TcpInConfig.of(at, queue, c.framing()).name(c.name()));
                running.add(in);
                bound.put(c.name(), in.address());
                lines.add(String.format("tcp-in  %-16s tcp %s -> %s, %s", c.name(), HostPort.of(in.address()),
                        c.queue(), c.framing().word()));
            }
            case UDP_IN -> {
                UdpIn in = UdpIn.start(TcpInConfig.of(at, queue, c.framing()).name(c.name()));
                running.add(in);
                bound.put(c.name(), in.address());
                lines.add(String.format("udp-in  %-16s udp %s -> %s", c.name(), HostPort.of(in.address()), c.queue()));
            }
            case TCP_OUT -> {
                TcpOutConfig config = TcpOutConfig.connectTo(queue, at, c.framing()).listen(c.listen()).name(c.name());
                TcpOut out = TcpOut.start(config);
                running.add(out);
                lines.add(String.format("tcp-out %-16s %s -> tcp %s%s, %s", c.name(), c.queue(),
                        HostPort.of(out.peerAddress()), c.listen() ? " (listening)" : "", c.framing().word()));
            }
        }
    }

    /** The address the tcp-in or udp-in connector {@code name} bound, or null when none of that name runs. */
    InetSocketAddress address(String name) {
        return bound.get(name);
    }

    /** One line per connector, as {@code topology up} prints the nodes. */
    List<String> describe() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warning("stopping a connector: " + e.getMessage());
            }
        }
        running.clear();
    }
}
