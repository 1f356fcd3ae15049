package io.udpgraph.worker;

import static io.udpgraph.worker.TestNodes.await;
import static io.udpgraph.worker.TestNodes.takeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.MqClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A reply is an acknowledgement only of the PUT it answers. The network here drops every second PUT and, in its
 * place, delivers once more the reply to the PUT before: the same text ({@code PUT 3 bytes}), to the port that
 * PUT came from, while the dropped PUT waits for its answer.
 */
class StaleReplyTest {

    /** Every second request is dropped and the previous reply is delivered again instead. */
    private static FaultyProxy.Plan staleInsteadOfEverySecondPut(AtomicInteger staleSent) {
        return new FaultyProxy.Plan() {
            private byte[] lastReply;
            private InetSocketAddress lastClient;
            private int requests;

            @Override
            public List<FaultyProxy.Send> decide(FaultyProxy.Way way, InetSocketAddress client, byte[] datagram) {
                if (way == FaultyProxy.Way.DOWN) {
                    lastReply = datagram;
                    lastClient = client;
                    return List.of(new FaultyProxy.Send(way, client, datagram, 0));
                }
                requests++;
                if (requests % 2 == 0 && lastReply != null) {
                    staleSent.incrementAndGet();
                    return List.of(new FaultyProxy.Send(FaultyProxy.Way.DOWN, lastClient, lastReply, 0));
                }
                return List.of(new FaultyProxy.Send(way, client, datagram, 0));
            }
        };
    }

    @ParameterizedTest
    @EnumSource(value = Guarantee.class, names = {"AT_LEAST_ONCE", "EFFECTIVELY_ONCE"})
    @Timeout(60)
    void aRepeatedReplyToAnEarlierPutIsNotTakenAsTheAckOfTheNextOne(Guarantee guarantee) throws Exception {
        int n = 24;
        List<String> want = new ArrayList<>();
        AtomicInteger staleSent = new AtomicInteger();
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start();
             FaultyProxy toOut = new FaultyProxy(out.address(), staleInsteadOfEverySecondPut(staleSent))) {
            try (MqClient producer = MqClient.connect(in.address())) {
                for (int i = 0; i < n; i++) {
                    // every result has three bytes, so every acknowledgement reads the same
                    int value = 100 + i;
                    producer.putWithId("s-" + i, Integer.toString(value).getBytes(StandardCharsets.UTF_8));
                    want.add(Integer.toString(value));
                }
            }
            try (VertexWorker w = VertexWorker.start(WorkerConfig.defaults().name("stale-" + guarantee.word())
                    .input(in.address()).output(Output.queue(toOut.address())).function("passthrough")
                    .guarantee(guarantee).batchSize(1).requestTimeout(Duration.ofMillis(100))
                    .leaseTime(Duration.ofSeconds(2)))) {
                assertTrue(await(Duration.ofSeconds(30), () -> in.node().stored() == 0),
                        "every input ACKed: " + w.stats());
            }
            List<String> got = takeAll(out.address());
            assertTrue(staleSent.get() >= n / 2, "the network repeated old replies " + staleSent.get() + " times");
            assertEquals(new HashSet<>(want), new HashSet<>(got), "no result lost");
            if (guarantee == Guarantee.EFFECTIVELY_ONCE) {
                assertEquals(n, got.size(), "and none stored twice");
            }
        }
    }
}
