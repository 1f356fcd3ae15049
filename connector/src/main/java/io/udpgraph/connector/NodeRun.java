package io.udpgraph.connector;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.MetricsEndpoint;
import io.udpgraph.runtime.NodeOptions;
import io.udpgraph.runtime.Shutdown;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.ToLongFunction;
import java.util.logging.Logger;

/** Runs a started connector until SIGINT or SIGTERM, serving its metrics, then closes it and reports: every subcommand's life. */
final class NodeRun {
    private static final Logger LOG = Logger.getLogger(NodeRun.class.getName());

    /** Starts a connector; may fail with an {@link IOException} whose message says what to change. */
    interface Starter<T extends AutoCloseable> {
        T start() throws IOException;
    }

    private NodeRun() {
    }

    /** Starts, serves metrics from {@code registry}, waits for a signal, closes; returns the exit code. */
    static <T extends AutoCloseable> int run(String command, NodeOptions shared, PrometheusMeterRegistry registry,
                                             PrintWriter err, Starter<T> starter, ToLongFunction<T> messages)
            throws Exception {
        Shutdown shutdown = Shutdown.install();
        T node;
        MetricsEndpoint metrics;
        try {
            node = starter.start();
        } catch (IOException e) {
            err.println(command + ": " + e.getMessage());
            shutdown.done();
            return ExitCodes.FAILURE;
        }
        try {
            metrics = shared.startMetrics(registry);
        } catch (IOException e) {
            node.close();
            err.println(command + ": " + e.getMessage());
            shutdown.done();
            return ExitCodes.FAILURE;
        }
        if (metrics != null) {
            LOG.info(command + " metrics at http://" + HostPort.of(metrics.address()) + "/metrics");
        }
        try {
            shutdown.awaitSignal();
        } finally {
            node.close();
            if (metrics != null) {
                metrics.close();
            }
            LOG.info(command + " stopped after " + messages.applyAsLong(node) + " messages");
            shutdown.done();
        }
        return ExitCodes.OK;
    }
}
