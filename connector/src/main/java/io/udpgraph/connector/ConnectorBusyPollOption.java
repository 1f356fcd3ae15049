package io.udpgraph.connector;

import io.udpgraph.protocol.BusyPoll;
import io.udpgraph.runtime.BusyPollOption;
import java.time.Duration;

/**
 * {@code --busy-poll} for a connector: it polls for the queue node's reply for {@link #DEFAULT} before it blocks,
 * unless told otherwise. A connector polls only while a request of its own is unanswered, so the poll costs at most
 * the node's time to answer (an idle tcp-out's 200 ms long poll costs 500 µs of it), and it spares the connector
 * the wake-up that a blocked thread pays per reply on a virtual machine (docs/PERFORMANCE.md, "Connectors").
 */
public final class ConnectorBusyPollOption extends BusyPollOption {
    /** The connectors' poll for a reply. */
    public static final BusyPoll DEFAULT = BusyPoll.of(Duration.ofNanos(500_000));

    public ConnectorBusyPollOption() {
        busyPoll = DEFAULT.duration();
    }
}
