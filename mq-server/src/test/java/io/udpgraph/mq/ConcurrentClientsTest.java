package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConcurrentClientsTest {
    private static final int PRODUCERS = 8;
    private static final int CONSUMERS = 8;
    private static final int PER_PRODUCER = 10_000;

    @Test
    void eightProducersAndEightConsumersLoseNothingAndDuplicateNothing() throws Exception {
        AtomicLong putRetries = new AtomicLong();
        AtomicLong getTimeouts = new AtomicLong();
        AtomicInteger received = new AtomicInteger();
        int total = PRODUCERS * PER_PRODUCER;
        ConcurrentHashMap<String, Integer> seen = new ConcurrentHashMap<>();
        List<String> orderViolations = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + CONSUMERS);
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            List<Future<?>> futures = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                futures.add(pool.submit(() -> {
                    try (MqClient client = MqClient.connect(node.address())) {
                        for (int i = 0; i < PER_PRODUCER; i++) {
                            String text = producer + ":" + i;
                            while (true) {
                                try {
                                    client.put(text);
                                    break;
                                } catch (MqException.Timeout e) {
                                    putRetries.incrementAndGet(); // the reply (or the PUT) was lost; put again
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (int c = 0; c < CONSUMERS; c++) {
                futures.add(pool.submit(() -> {
                    Map<Integer, Integer> lastPerProducer = new HashMap<>();
                    try (MqClient client = MqClient.connect(node.address())) {
                        while (received.get() < total && System.nanoTime() < deadline) {
                            byte[] m;
                            try {
                                m = client.get();
                            } catch (MqException.Timeout e) {
                                getTimeouts.incrementAndGet();
                                continue;
                            }
                            if (m.length == 0) {
                                Thread.sleep(1);
                                continue;
                            }
                            String text = Wire.text(m);
                            seen.merge(text, 1, Integer::sum);
                            received.incrementAndGet();
                            int colon = text.indexOf(':');
                            int producer = Integer.parseInt(text.substring(0, colon));
                            int seq = Integer.parseInt(text.substring(colon + 1));
                            Integer last = lastPerProducer.put(producer, seq);
                            if (last != null && last >= seq) {
                                synchronized (orderViolations) {
                                    orderViolations.add(text + " after " + producer + ":" + last);
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            assertEquals(0, node.size(), "messages left behind");
        } finally {
            pool.shutdownNow();
        }
        List<String> missing = new ArrayList<>();
        long duplicates = 0;
        for (int p = 0; p < PRODUCERS; p++) {
            for (int i = 0; i < PER_PRODUCER; i++) {
                Integer n = seen.get(p + ":" + i);
                if (n == null) {
                    missing.add(p + ":" + i);
                } else {
                    duplicates += n - 1;
                }
            }
        }
        assertTrue(missing.size() <= getTimeouts.get(), "lost " + missing.size() + " messages with only "
                + getTimeouts.get() + " GET timeouts to explain them, e.g. " + missing.subList(0, Math.min(5, missing.size())));
        assertTrue(duplicates <= putRetries.get(), duplicates + " duplicates with only " + putRetries.get()
                + " PUT retries to explain them");
        assertEquals(List.of(), orderViolations, "a consumer saw a producer's messages out of order");
        System.out.printf("put retries %d, GET timeouts %d, missing %d, duplicates %d%n", putRetries.get(),
                getTimeouts.get(), missing.size(), duplicates);
    }
}
