package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.MqClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker against nodes that speak only stream-py's classic protocol. */
class ClassicNodeWorkerTest {

    static List<String> drain(MqClient client, int expected, Duration within) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (out.size() < expected && System.nanoTime() < deadline) {
            byte[] m = client.get();
            if (m.length == 0) {
                Thread.sleep(2);
            } else {
                out.add(new String(m, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void aChainOverClassicNodesCarriesMessagesTransformedAndInOrder() throws Exception {
        try (ClassicNode a = ClassicNode.start(); ClassicNode b = ClassicNode.start(); ClassicNode c = ClassicNode.start();
             VertexWorker w1 = VertexWorker.start(WorkerConfig.defaults().name("double").input(a.address())
                     .output(Output.queue(b.address())).function("double"));
             VertexWorker w2 = VertexWorker.start(WorkerConfig.defaults().name("pass").input(b.address())
                     .output(Output.queue(c.address())).function("passthrough"));
             MqClient sink = MqClient.connect(c.address())) {
            for (int i = 0; i < 500; i++) {
                a.put(Integer.toString(i));
            }
            List<String> got = drain(sink, 500, Duration.ofSeconds(20));
            List<String> want = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                want.add(Integer.toString(2 * i));
            }
            assertEquals(want, got);
            assertEquals(500, w1.stats().messagesIn());
            assertEquals(500, w2.stats().resultsOut());
        }
    }

    @Test
    void manyResultsPerInputFallBackToOnePutPerDatagramAndNoneIsLost() throws Exception {
        try (ClassicNode in = ClassicNode.start(); ClassicNode out = ClassicNode.start();
             VertexWorker w = VertexWorker.start(WorkerConfig.defaults().input(in.address())
                     .output(Output.queue(out.address())).function("split-words"))) {
            in.put("one two three four five");
            in.put("six seven");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (out.size() < 7 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            try (MqClient c = MqClient.connect(out.address())) {
                assertEquals(List.of("one", "two", "three", "four", "five", "six", "seven"),
                        drain(c, 7, Duration.ofSeconds(5)));
            }
            assertEquals(7, w.stats().resultsOut());
            assertEquals(0, w.stats().resultsLost());
            assertTrue(out.ignoredTrailingFrames.get() >= 1, "the first batch was tried");
        }
    }
}
