package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.udpgraph.runtime.MetricsEndpoint;
import java.net.DatagramSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RouterMetricsTest {

    @Test
    void countersAreMetricsTaggedWithTheNodeName() throws Exception {
        PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
        try (Udp.Sink sink = new Udp.Sink(false);
             Router router = Router.start(RouterConfig.defaults().name("edge-7").registry(registry)
                     .upstream(sink.address()).faults(FaultSpec.parse("drop", "100%,up,SIZE")));
             DatagramSocket client = Udp.client(Duration.ofMillis(100))) {
            Udp.send(client, router.address(), "13GET");
            Udp.send(client, router.address(), "14SIZE");
            Udp.await(() -> sink.count() == 1 && router.counters().get(Direction.UP, Action.DROPPED) == 1,
                    Duration.ofSeconds(10), "one forwarded, one dropped");
            String scrape = registry.scrape();
            assertTrue(scrape.contains(
                    "udpgraph_router_datagrams_total{action=\"forwarded\",direction=\"up\",node=\"edge-7\"} 1.0"), scrape);
            assertTrue(scrape.contains(
                    "udpgraph_router_datagrams_total{action=\"dropped\",direction=\"up\",node=\"edge-7\"} 1.0"), scrape);
            assertTrue(scrape.contains("udpgraph_router_sessions{node=\"edge-7\"} 1.0"), scrape);
        }
        assertFalse(registry.scrape().contains("udpgraph_router"), "a closed router leaves no meters behind");
    }

    @Test
    void messagesCountTheFramesEachDatagramCarried() throws Exception {
        PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
        try (Udp.Sink sink = new Udp.Sink(false);
             Router router = Router.start(RouterConfig.defaults().name("batch").registry(registry)
                     .upstream(sink.address()).faults(FaultSpec.parse("drop", "100%,up,SIZE")));
             DatagramSocket client = Udp.client(Duration.ofMillis(100))) {
            Udp.send(client, router.address(), "15PUT:a15PUT:b15PUT:c");
            Udp.send(client, router.address(), "14SIZE");
            Udp.await(() -> sink.count() == 1 && router.counters().get(Direction.UP, Action.DROPPED) == 1,
                    Duration.ofSeconds(10), "one forwarded, one dropped");
            assertEquals(3, router.counters().messages(Direction.UP, Action.FORWARDED));
            assertEquals(1, router.counters().messages(Direction.UP, Action.DROPPED));
            assertEquals(4, router.counters().messages(Direction.UP, Action.RECEIVED));
            assertTrue(registry.scrape().contains(
                    "udpgraph_router_messages_total{action=\"forwarded\",direction=\"up\",node=\"batch\"} 3.0"));
        }
    }

    @Test
    void twoRoutersShareARegistryUnderTheirOwnNames() throws Exception {
        PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
        try (Udp.Sink sink = new Udp.Sink(false);
             Router a = Router.start(RouterConfig.defaults().name("a").registry(registry).upstream(sink.address()));
             Router b = Router.start(RouterConfig.defaults().name("b").registry(registry).upstream(sink.address()))) {
            assertNotEquals(a.address(), b.address());
            String scrape = registry.scrape();
            assertTrue(scrape.contains("node=\"a\"") && scrape.contains("node=\"b\""), scrape);
        }
    }
}
