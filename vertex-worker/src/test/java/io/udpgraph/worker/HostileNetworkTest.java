package io.udpgraph.worker;

import static io.udpgraph.worker.TestNodes.await;
import static io.udpgraph.worker.TestNodes.takeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.MqClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Effectively-once through a network as bad as the chaos experiment's: on both edges of the worker, in both
 * directions, 20 % of datagrams dropped, 20 % duplicated (the copy often late), 20 % held back behind later
 * ones and 10 % with a byte changed.
 */
class HostileNetworkTest {
    static final int INPUTS = Integer.getInteger("hostile.inputs", 300);

    @Test
    @Timeout(120)
    void effectivelyOnceDeliversEveryResultExactlyOnceThroughDropDuplicateReorderAndGarble() throws Exception {
        long seed = Long.getLong("hostile.seed", 20_240_611L);
        FaultyProxy.Counts inFaults = new FaultyProxy.Counts();
        FaultyProxy.Counts outFaults = new FaultyProxy.Counts();
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start();
             FaultyProxy toIn = new FaultyProxy(in.address(),
                     FaultyProxy.random(seed, 0.2, 0.2, 0.2, 0.1, inFaults));
             FaultyProxy toOut = new FaultyProxy(out.address(),
                     FaultyProxy.random(seed + 1, 0.2, 0.2, 0.2, 0.1, outFaults))) {
            Map<String, Integer> want = new HashMap<>();
            try (MqClient producer = MqClient.connect(in.address())) {
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < INPUTS; i++) {
                    // two results per input: the ids of a result depend on its index too
                    batch.add("PUTID:p-" + i + ":left-" + i + " right-" + i);
                    want.put("left-" + i, 1);
                    want.put("right-" + i, 1);
                    if (batch.size() == 50 || i == INPUTS - 1) {
                        producer.send(batch);
                        batch.clear();
                    }
                }
            }
            assertEquals(INPUTS, in.node().size());
            long t0 = System.nanoTime();
            try (VertexWorker w = VertexWorker.start(WorkerConfig.defaults().name("hostile")
                    .input(toIn.address()).output(Output.queue(toOut.address())).function("split-words")
                    .guarantee(Guarantee.EFFECTIVELY_ONCE).batchSize(16)
                    .leaseTime(Duration.ofMillis(400)).requestTimeout(Duration.ofMillis(40)))) {
                assertTrue(await(Duration.ofSeconds(90), () -> in.node().stored() == 0),
                        "every input ACKed: " + w.stats() + "; input node " + in.node().stats());
                System.out.println("hostile network: " + INPUTS + " inputs in "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms; " + w.stats() + "; to the input node "
                        + inFaults + "; to the output node " + outFaults + "; output node " + out.node().stats());
            }
            Map<String, Integer> got = new TreeMap<>();
            for (String r : takeAll(out.address())) {
                got.merge(r, 1, Integer::sum);
            }
            assertEquals(new TreeMap<>(want), got, "every result exactly once, and as it was sent");
            assertTrue(inFaults.dropped.get() > 0 && inFaults.duplicated.get() > 0 && inFaults.reordered.get() > 0
                    && inFaults.garbled.get() > 0, "faults on the input edge: " + inFaults);
            assertTrue(outFaults.dropped.get() > 0 && outFaults.duplicated.get() > 0
                    && outFaults.reordered.get() > 0 && outFaults.garbled.get() > 0,
                    "faults on the output edge: " + outFaults);
        }
    }
}
