package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.runtime.MetricsEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void putsGetsEmptyGetsErrorsAndDepthAreCountedPerNode() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).name("edge-1"));
             MqClient client = MqClient.connect(node.address())) {
            client.put("a");
            client.put("b");
            client.get();
            client.get();
            client.get();
            Wire.one(client, "PING");
            client.put("c");
            MeterRegistry r = node.config().registry();
            assertEquals(3.0, r.get("mq.puts").tag("node", "edge-1").counter().count());
            assertEquals(2.0, r.get("mq.gets").tag("node", "edge-1").counter().count());
            assertEquals(1.0, r.get("mq.gets.empty").tag("node", "edge-1").counter().count());
            assertEquals(1.0, r.get("mq.errors").tags("node", "edge-1", "reason", "unknown").counter().count());
            assertEquals(1.0, r.get("mq.depth").tag("node", "edge-1").gauge().value());
            assertEquals(2, r.get("mq.wait").tag("node", "edge-1").timer().count(), "one wait per message taken");
        }
    }

    @Test
    void metricsAreServedAsPrometheusText() throws Exception {
        PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).name("q").registry(registry));
             MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, registry);
             MqClient client = MqClient.connect(node.address())) {
            client.put("a");
            client.get();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            String body = response.body();
            assertTrue(body.contains("mq_puts_total{node=\"q\"} 1.0"), body);
            assertTrue(body.contains("mq_depth{node=\"q\"} 0.0"), body);
            assertTrue(body.contains("mq_wait_seconds_bucket{node=\"q\""), "the wait histogram has buckets");
        }
    }

    @Test
    void closeTakesTheNodesMetersOutOfASharedRegistry() throws Exception {
        PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
        try (QueueNode keep = QueueNode.start(QueueConfig.defaults().port(0).name("keep").registry(registry))) {
            QueueNode.start(QueueConfig.defaults().port(0).name("gone").registry(registry)).close();
            assertTrue(registry.find("mq.puts").tag("node", "gone").meters().isEmpty());
            assertEquals(1, registry.find("mq.puts").tag("node", "keep").meters().size());
        }
    }
}
