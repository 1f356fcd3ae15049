package io.udpgraph.connector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** A connector's counters, each tagged {@code node=<name>}: served at {@code /metrics} with {@code --metrics-port}. */
final class ConnectorMetrics {
    private final Counter messages;
    private final Counter bytes;
    private final Counter connections;
    private final Counter malformed;
    private final Counter backoffs;
    private final Counter timeouts;

    ConnectorMetrics(MeterRegistry registry, String name, String direction) {
        messages = counter(registry, name, "udpgraph_connector_messages", direction, "messages moved");
        bytes = counter(registry, name, "udpgraph_connector_message_bytes", direction, "message bytes moved");
        connections = counter(registry, name, "udpgraph_connector_connections", direction, "TCP connections taken");
        malformed = counter(registry, name, "udpgraph_connector_errors", direction,
                "connections closed for a malformed frame or a message the node refused for good");
        backoffs = counter(registry, name, "udpgraph_connector_backoffs", direction,
                "batches the queue node refused as full (or garbled), sent again after a pause");
        timeouts = counter(registry, name, "udpgraph_connector_timeouts", direction,
                "requests to the queue node that got no reply in time");
    }

    private static Counter counter(MeterRegistry registry, String name, String metric, String direction,
                                   String help) {
        return Counter.builder(metric).tag("node", name).tag("direction", direction).description(help)
                .register(registry);
    }

    void moved(long count, long byteCount) {
        messages.increment(count);
        bytes.increment(byteCount);
    }

    void connection() {
        connections.increment();
    }

    void error() {
        malformed.increment();
    }

    void backoff() {
        backoffs.increment();
    }

    void timeout() {
        timeouts.increment();
    }

    long messages() {
        return (long) messages.count();
    }

    long errors() {
        return (long) malformed.count();
    }

    long backoffs() {
        return (long) backoffs.count();
    }
}
