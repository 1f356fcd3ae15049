package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.udpgraph.protocol.MqClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DeliveryTest {

    @Test
    @Timeout(60)
    void everyMessageTakenIsTimedEvenWhenItArrivesAsTheGetStarts() throws Exception {
        // Two receiving threads and clients that PUT and GET in turn keep the queue nearly empty, so a GET on
        // one thread often takes a message another thread stored a moment before: its wait must still count.
        int clients = 4;
        int pairs = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).threads(2).name("timed"))) {
            List<Future<Integer>> taken = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                taken.add(pool.submit(() -> {
                    int n = 0;
                    try (MqClient client = MqClient.connect(node.address())) {
                        for (int i = 0; i < pairs; i++) {
                            client.put("m");
                            if (client.get() != null) {
                                n++;
                            }
                        }
                    }
                    return n;
                }));
            }
            for (Future<Integer> f : taken) {
                f.get();
            }
            MeterRegistry r = node.config().registry();
            double gets = r.get("mq.gets").tag("node", "timed").counter().count();
            assertEquals((long) gets, r.get("mq.wait").tag("node", "timed").timer().count(), "one wait per message taken");
        } finally {
            pool.shutdownNow();
        }
    }
}
