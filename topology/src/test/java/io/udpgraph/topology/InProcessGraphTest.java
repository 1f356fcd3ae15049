package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.MqClient;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@code topology up} starts: real nodes on free loopback ports, clients wired through their routers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InProcessGraphTest {

    @Test
    void everyNodeGetsAFreeLoopbackPortAndClientsReachQueuesThroughTheirRouters() throws Exception {
        Topology t = TopologyFile.read(Runs.EXAMPLES.resolve("chaos.yaml"));
        try (InProcessGraph g = InProcessGraph.start(t)) {
            List<String> lines = g.describe();
            assertEquals(4 + 4 + 3, lines.size(), String.join("\n", lines));
            assertTrue(lines.get(0).matches("queue +in +127\\.0\\.0\\.1:\\d+"), lines.get(0));
            assertTrue(lines.stream().anyMatch(l -> l.matches("router +r-in +127\\.0\\.0\\.1:\\d+ -> in \\(127\\.0\\.0\\.1:\\d+\\), seed 1")),
                    String.join("\n", lines));
            InetSocketAddress viaRouter = g.addressFor("gen", "in");
            assertNotEquals(0, viaRouter.getPort());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("router  r-in") && l.contains(":" + viaRouter.getPort() + " ")),
                    "the source reaches its queue through r-in");
            // the queue answers through the router as it would directly
            try (MqClient c = MqClient.connect(g.addressFor("results", "out"), MqClient.Options.defaults().retries(10))) {
                assertEquals(0, c.size());
            }
        }
    }

    @Test
    void aClientWithoutARouterTalksToTheQueueItself() throws Exception {
        Topology t = TopologyFile.read(Runs.EXAMPLES.resolve("pipeline.yaml"));
        try (InProcessGraph g = InProcessGraph.start(t)) {
            String first = g.describe().get(0);
            assertTrue(first.endsWith(":" + g.addressFor("gen", "in").getPort()), first);
            assertEquals(3, g.counters().stream().filter(n -> n.kind().equals("worker")).count());
        }
    }
}
