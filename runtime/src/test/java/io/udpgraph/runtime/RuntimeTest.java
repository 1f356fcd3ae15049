package io.udpgraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.udpgraph.protocol.HostPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RuntimeTest {

    @Test
    void metricsEndpointServesPrometheusText() throws Exception {
        PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
        Counter.builder("udpgraph.test.events").tag("node", "t").register(registry).increment(3);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, registry)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/metrics"))
                            .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(r.body().contains("udpgraph_test_events_total{node=\"t\"} 3.0"), r.body());
        }
    }

    @Test
    void backoffParksLongerAfterEachIdleRoundUpToTheCap() {
        BackoffIdleStrategy idle = new BackoffIdleStrategy(0, 0, Duration.ofNanos(1000), Duration.ofNanos(4000));
        idle.idle(0);
        assertEquals(2000, idle.nextParkNanos());
        idle.idle(0);
        idle.idle(0);
        idle.idle(0);
        assertEquals(4000, idle.nextParkNanos());
    }

    @Test
    void workResetsTheBackoff() {
        BackoffIdleStrategy idle = new BackoffIdleStrategy(0, 0, Duration.ofNanos(1000), Duration.ofNanos(4000));
        idle.idle(0);
        idle.idle(0);
        idle.idle(1);
        assertEquals(1000, idle.nextParkNanos());
    }

    @Test
    void hostPortConverterTurnsBadAddressesIntoUsageErrors() {
        HostPortConverter converter = new HostPortConverter();
        assertEquals(new HostPort("127.0.0.1", 10000), converter.convert("127.0.0.1:10000"));
        CommandLine.TypeConversionException e =
                assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("10000"));
        assertTrue(e.getMessage().contains("e.g. 127.0.0.1:10000"), e.getMessage());
    }
}
