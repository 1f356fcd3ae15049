package io.udpgraph.worker;

import static io.udpgraph.worker.TestNodes.await;
import static io.udpgraph.worker.TestNodes.putAll;
import static io.udpgraph.worker.TestNodes.takeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.QueueConfig;
import io.udpgraph.protocol.MqClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The delivery guarantees against real queue nodes with leases and PUTID. */
class GuaranteeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static List<String> numbers(int n) {
        return IntStream.range(0, n).mapToObj(Integer::toString).toList();
    }

    private static Map<String, Integer> counts(List<String> xs) {
        Map<String, Integer> m = new HashMap<>();
        for (String x : xs) {
            m.merge(x, 1, Integer::sum);
        }
        return m;
    }

    private static boolean drained(TestNodes.Node n) {
        return n.node().stored() == 0;
    }

    @Test
    void atLeastOnceLosesNothingWhenTheWorkerIsClosedMidStreamAndRestarted() throws Exception {
        int n = 2_000;
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start()) {
            putAll(in.address(), numbers(n));
            WorkerConfig config = WorkerConfig.defaults().input(in.address()).output(Output.queue(out.address()))
                    .guarantee(Guarantee.AT_LEAST_ONCE).function("sleep", "1").batchSize(16);
            for (int round = 0; round < 4; round++) {
                VertexWorker w = VertexWorker.start(config.name("alo-" + round));
                assertTrue(await(WAIT, () -> w.stats().messagesIn() >= 250));
                WorkerStats stopped = w.stop();
                assertTrue(in.node().stored() > 0, "stopped mid-stream, after " + stopped.messagesIn());
                assertEquals(0, in.node().stored() - in.node().size(), "nothing is left leased after a stop");
            }
            try (VertexWorker last = VertexWorker.start(config.name("alo-last"))) {
                assertTrue(await(WAIT, () -> drained(in)), "every input was ACKed in the end");
            }
            List<String> got = takeAll(out.address());
            assertEquals(new HashSet<>(numbers(n)), new HashSet<>(got), "nothing lost");
            System.out.println("at-least-once over 5 runs: " + got.size() + " results for " + n + " inputs");
        }
    }

    @Test
    void atLeastOnceKeepsSendingAPutUntilTheOutputNodeAnswers() throws Exception {
        try (TestNodes.Node in = TestNodes.start()) {
            int port;
            try (TestNodes.Node gone = TestNodes.start()) {
                port = gone.address().getPort();
            }
            InetSocketAddress outAddress = new InetSocketAddress("127.0.0.1", port);
            try (VertexWorker w = VertexWorker.start(WorkerConfig.defaults().input(in.address())
                    .output(Output.queue(outAddress)).guarantee(Guarantee.AT_LEAST_ONCE)
                    .requestTimeout(Duration.ofMillis(50)))) {
                putAll(in.address(), numbers(50));
                assertTrue(await(WAIT, () -> w.stats().publishRetries() >= 3), "it retries while nobody answers");
                assertEquals(0, w.stats().resultsOut());
                try (TestNodes.Node out = TestNodes.start(QueueConfig.defaults().port(port))) {
                    assertTrue(await(WAIT, () -> drained(in)), "every input ACKed once its results were");
                    assertEquals(new HashSet<>(numbers(50)), new HashSet<>(takeAll(out.address())));
                    assertEquals(0, w.stats().resultsLost());
                }
            }
        }
    }

    @Test
    void atMostOnceGivesUpOnAPutThatGetsNoReplyAndCountsItLost() throws Exception {
        try (TestNodes.Node in = TestNodes.start()) {
            int port;
            try (TestNodes.Node gone = TestNodes.start()) {
                port = gone.address().getPort();
            }
            try (VertexWorker w = VertexWorker.start(WorkerConfig.defaults().input(in.address())
                    .output(Output.queue(new InetSocketAddress("127.0.0.1", port)))
                    .requestTimeout(Duration.ofMillis(50)))) {
                putAll(in.address(), numbers(5));
                assertTrue(await(WAIT, () -> w.stats().resultsLost() == 5), "lost: " + w.stats());
                assertEquals(0, in.node().stored());
                assertTrue(w.isRunning());
            }
        }
    }

    @Test
    void aFullOutputNodeHoldsTheWorkerBackInsteadOfLosingResults() throws Exception {
        try (TestNodes.Node in = TestNodes.start();
             TestNodes.Node out = TestNodes.start(QueueConfig.defaults().capacityMessages(10));
             VertexWorker w = VertexWorker.start(WorkerConfig.defaults().input(in.address())
                     .output(Output.queue(out.address())))) {
            putAll(in.address(), numbers(25));
            assertTrue(await(WAIT, () -> out.node().size() == 10));
            assertTrue(await(WAIT, () -> w.stats().publishRetries() > 0));
            List<String> got = new ArrayList<>();
            assertTrue(await(WAIT, () -> {
                got.addAll(takeAll(out.address()));
                return got.size() == 25;
            }), "got " + got.size());
            // a batch the full node refused in part may be completed out of order; none is lost or doubled
            assertEquals(25, got.size());
            assertEquals(new HashSet<>(numbers(25)), new HashSet<>(got));
            assertEquals(0, w.stats().resultsLost());
        }
    }

    @Test
    void effectivelyOnceGivesExactlyOnceResultsThroughADuplicatingNetwork() throws Exception {
        int n = 500;
        FaultyProxy.Counts inFaults = new FaultyProxy.Counts();
        FaultyProxy.Counts outFaults = new FaultyProxy.Counts();
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start();
             FaultyProxy toIn = new FaultyProxy(in.address(), FaultyProxy.duplicateRequests(inFaults));
             FaultyProxy toOut = new FaultyProxy(out.address(), FaultyProxy.duplicateRequests(outFaults))) {
            try (MqClient producer = MqClient.connect(in.address())) {
                for (int i = 0; i < n; i++) {
                    // a duplicating client: every message is put twice under its id
                    producer.putWithId("m-" + i, Integer.toString(i).getBytes());
                    producer.putWithId("m-" + i, Integer.toString(i).getBytes());
                }
            }
            assertEquals(n, in.node().size());
            long t0 = System.nanoTime();
            try (VertexWorker w = VertexWorker.start(WorkerConfig.defaults().name("eo").input(toIn.address())
                    .output(Output.queue(toOut.address())).function("double")
                    .guarantee(Guarantee.EFFECTIVELY_ONCE).leaseTime(Duration.ofMillis(300))
                    .requestTimeout(Duration.ofMillis(100)))) {
                assertTrue(await(WAIT, () -> drained(in)), "every input ACKed: " + w.stats() + " " + in.node().stats());
                System.out.println("drained in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                System.out.println("effectively-once through duplication: " + w.stats() + "; out node "
                        + out.node().stats());
            }
            List<String> got = takeAll(out.address());
            Map<String, Integer> c = counts(got);
            Set<String> want = new HashSet<>();
            for (int i = 0; i < n; i++) {
                want.add(Integer.toString(2 * i));
            }
            assertEquals(want, c.keySet(), "every result arrived");
            assertEquals(n, got.size(), "and each exactly once");
            assertTrue(inFaults.duplicated.get() > 0 && outFaults.duplicated.get() > 0);
        }
    }

    @Test
    void effectivelyOnceRepeatsOfARedeliveredInputAreDroppedByTheNextNode() throws Exception {
        int n = 100;
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start()) {
            List<String> ids = new ArrayList<>();
            try (MqClient producer = MqClient.connect(in.address())) {
                for (int i = 0; i < n; i++) {
                    producer.putWithId("r-" + i, ("w" + i + " x" + i).getBytes());
                    ids.add("r-" + i);
                }
            }
            // two workers, leases shorter than the function takes: most inputs are processed twice
            WorkerConfig config = WorkerConfig.defaults().input(in.address()).output(Output.queue(out.address()))
                    .function(FunctionSpec.of("slow split", () -> (input, o) -> {
                        Thread.sleep(3);
                        for (String word : input.split(" ")) {
                            o.emit(word);
                        }
                    }))
                    .guarantee(Guarantee.EFFECTIVELY_ONCE).leaseTime(Duration.ofMillis(2)).batchSize(4);
            try (VertexWorker a = VertexWorker.start(config.name("a"));
                 VertexWorker b = VertexWorker.start(config.name("b"))) {
                assertTrue(await(WAIT, () -> drained(in)));
                long applied = a.stats().messagesIn() + b.stats().messagesIn();
                System.out.println("effectively-once with redeliveries: " + applied + " applications of " + n
                        + " inputs; out node " + out.node().stats());
                assertTrue(applied > n, "inputs were redelivered: " + applied);
            }
            List<String> got = takeAll(out.address());
            assertEquals(2 * n, got.size());
            assertEquals(2 * n, new HashSet<>(got).size());
        }
    }
}
