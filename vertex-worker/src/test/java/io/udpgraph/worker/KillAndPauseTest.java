package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.MqClient;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker killed as a crash would kill it, and a paused worker: what each leaves on its queues. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KillAndPauseTest {

    private static boolean await(long ms, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Test
    void aKilledWorkerPublishesNothingInHandAndItsLeaseExpiresBackOntoTheQueue() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start()) {
            try (MqClient c = MqClient.connect(in.address())) {
                c.put("held");
            }
            VertexWorker w = VertexWorker.start(WorkerConfig.defaults().name("k").input(in.address())
                    .output(Output.queue(out.address())).guarantee(Guarantee.AT_LEAST_ONCE)
                    .leaseTime(Duration.ofMillis(500))
                    .function(FunctionSpec.of("slow", () -> (input, o) -> {
                        started.countDown();
                        Thread.sleep(5_000);
                        o.emit(input);
                    })));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            long t0 = System.nanoTime();
            w.kill();
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "a kill does not wait for the function");
            assertTrue(await(3_000, () -> in.node().size() == 1), "the lease expired and the message is back");
            assertEquals(0, out.node().size(), "nothing was published");
        }
    }

    @Test
    void aPausedWorkerTakesNothingUntilResumed() throws Exception {
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start();
             VertexWorker w = VertexWorker.start(WorkerConfig.defaults().name("p").input(in.address())
                     .output(Output.queue(out.address())).function("upper"))) {
            w.pause(true);
            Thread.sleep(500); // the round in progress (a long poll parked at the node) ends
            try (MqClient c = MqClient.connect(in.address())) {
                c.put("wait");
            }
            Thread.sleep(300);
            assertEquals(1, in.node().size(), "paused: not taken");
            w.pause(false);
            assertTrue(await(3_000, () -> out.node().size() == 1), "resumed: taken and published");
        }
    }
}
