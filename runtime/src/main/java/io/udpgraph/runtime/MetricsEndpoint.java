package io.udpgraph.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves a Prometheus registry as text at {@code GET /metrics} on the JDK's HTTP server. Start one per
 * process (or per node in tests); {@link #close()} stops it.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final PrometheusMeterRegistry registry;

    private MetricsEndpoint(HttpServer server, PrometheusMeterRegistry registry) {
        this.server = server;
        this.registry = registry;
    }

    /**
     * A fresh registry whose meters a node can register before or after the endpoint starts; it keeps time with the
     * {@link CoarseClock}, so a timer recorded per message reads no clock.
     */
    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), CoarseClock.get());
    }

    /** Binds {@code bind:port} (port 0 picks a free one) and serves {@code registry} at {@code /metrics}. */
    public static MetricsEndpoint start(String bind, int port, PrometheusMeterRegistry registry) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + bind + ":" + port + ": " + e.getMessage()
                    + " (is the port taken? choose another --metrics-port)", e);
        }
        server.createContext("/metrics", exchange -> serve(exchange, registry));
        server.createContext("/", exchange -> {
            byte[] body = "udpgraph: metrics are at /metrics\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new MetricsEndpoint(server, registry);
    }

    private static void serve(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Where the endpoint listens. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The registry it serves. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
