package io.udpgraph.worker;

import static io.udpgraph.worker.TestNodes.await;
import static io.udpgraph.worker.TestNodes.putAll;
import static io.udpgraph.worker.TestNodes.takeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import io.udpgraph.protocol.LeaseId;
import io.udpgraph.protocol.MqClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A stranger guessing lease ids beside a worker settles none of the worker's leases; the worker's own ACKs do. */
class StrangerAckTest {

    @Test
    void aStrangerAckingGuessedIdsSettlesNothingWhileTheWorkerDrainsItsInput() throws Exception {
        int n = 1_000;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QueueNode in = QueueNode.start(QueueConfig.defaults().port(0).registry(registry));
        try (TestNodes.Node out = TestNodes.start()) {
            List<String> inputs = IntStream.range(0, n).mapToObj(Integer::toString).toList();
            putAll(in.address(), inputs);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong settledByStranger = new AtomicLong();
            AtomicLong guesses = new AtomicLong();
            Thread stranger = new Thread(() -> guess(in, stop, settledByStranger, guesses), "stranger");
            stranger.start();
            WorkerConfig config = WorkerConfig.defaults().input(in.address()).output(Output.queue(out.address()))
                    .guarantee(Guarantee.AT_LEAST_ONCE).function("sleep", "1").batchSize(16).name("guessed-at");
            try (VertexWorker w = VertexWorker.start(config)) {
                assertTrue(await(Duration.ofSeconds(60), () -> in.stored() == 0), "the worker's ACKs settle");
            } finally {
                stop.set(true);
                stranger.join();
            }
            assertTrue(guesses.get() > 1000, "the stranger guessed " + guesses.get() + " ids");
            assertEquals(0, settledByStranger.get(), "no guess settled a lease");
            Counter unknown = registry.find("mq.refused").tag("reason", "unknown-lease").counter();
            assertTrue(unknown != null && unknown.count() >= guesses.get(), "every guess counted");
            assertEquals(new HashSet<>(inputs), new HashSet<>(takeAll(out.address())), "nothing lost");
        } finally {
            in.close();
        }
    }

    /** ACKs and NACKs of bare sequence numbers and of the right sequence numbers with random tags. */
    private static void guess(QueueNode node, AtomicBoolean stop, AtomicLong settled, AtomicLong guesses) {
        Random random = new Random(13);
        try (MqClient client = MqClient.connect(node.address())) {
            while (!stop.get()) {
                StringJoiner bare = new StringJoiner(",", "ACK:", "");
                LeaseId[] tagged = new LeaseId[64];
                for (int i = 0; i < 64; i++) {
                    long sequence = random.nextInt(1_100); // the inputs' sequence numbers and a few past them
                    bare.add(Long.toString(sequence));
                    tagged[i] = new LeaseId(sequence, random.nextLong());
                }
                String reply = client.send(w -> w.text(bare.toString().getBytes()), r -> true).get(0).text();
                settled.addAndGet(Long.parseLong(reply.substring("ACK ".length())));
                settled.addAndGet(client.ack(tagged));
                settled.addAndGet(client.nack(tagged));
                guesses.addAndGet(3 * 64);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
