package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import io.udpgraph.protocol.Lease;
import io.udpgraph.protocol.MqClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A queue node with a log journal gives back, after a restart, exactly what it held when it stopped. */
class LogJournalTest {
    private static final LogConfig ALWAYS = LogConfig.defaults().fsync(FsyncPolicy.ALWAYS);

    @TempDir
    Path dir;

    private QueueNode start(int maxDeliveries) throws Exception {
        return QueueNode.start(QueueConfig.defaults().port(0).maxDeliveries(maxDeliveries)
                .journal(LogJournal.open(dir, ALWAYS)));
    }

    @Test
    void restartedNodeHasTheMessagesNotTakenWithTheirDeliveryCounts() throws Exception {
        try (QueueNode node = start(0); MqClient client = MqClient.connect(node.address())) {
            client.put("a");
            client.putWithId("id-b", "b".getBytes(StandardCharsets.UTF_8));
            client.put("c");
            client.put("d");
            assertEquals("a", client.getText());
            Lease b = client.lease(1, Duration.ofSeconds(30), Duration.ZERO).get(0);
            assertEquals("b", b.text());
            Lease c = client.lease(1, Duration.ofSeconds(30), Duration.ZERO).get(0);
            client.ack(c.leaseId());
        }
        try (QueueNode node = start(0); MqClient client = MqClient.connect(node.address())) {
            assertEquals(2, node.recovered());
            List<Lease> leases = client.lease(10, Duration.ofSeconds(30), Duration.ZERO);
            assertEquals(List.of("b", "d"), leases.stream().map(Lease::text).toList());
            assertEquals(2, leases.get(0).deliveries(), "b was leased once before the restart");
            assertEquals("id-b", leases.get(0).messageId());
            assertEquals(1, leases.get(1).deliveries());
            client.putWithId("id-b", "b".getBytes(StandardCharsets.UTF_8));
            assertEquals(2, node.stored(), "a repeat of a recovered id is not stored again");
            client.ack(leases.get(0).leaseId(), leases.get(1).leaseId());
        }
        try (QueueNode node = start(0); MqClient client = MqClient.connect(node.address())) {
            assertEquals(0, node.recovered());
            client.put("after an empty restart");
        }
        try (QueueNode node = start(0); MqClient client = MqClient.connect(node.address())) {
            assertEquals(1, node.recovered());
            assertEquals("after an empty restart", client.getText());
        }
    }

    @Test
    void maxDeliveriesHoldsAcrossARestart() throws Exception {
        try (QueueNode node = start(2); MqClient client = MqClient.connect(node.address())) {
            client.put("poison");
            client.lease(1, Duration.ofMillis(1), Duration.ZERO);
            await(() -> node.size() == 1);
        }
        try (QueueNode node = start(2); MqClient client = MqClient.connect(node.address())) {
            Lease second = client.lease(1, Duration.ofMillis(1), Duration.ZERO).get(0);
            assertEquals(2, second.deliveries());
            await(() -> node.stored() == 0);
            assertEquals(1, node.stats().deadLettered());
        }
        try (QueueNode node = start(2)) {
            assertEquals(0, node.recovered(), "the dead-lettered message does not come back");
        }
    }

    @Test
    void journalNamesItsDirectoryAndPolicy() throws Exception {
        try (LogJournal journal = LogJournal.open(dir, ALWAYS)) {
            assertTrue(journal.toString().contains(dir.toString()) && journal.toString().contains("always"), journal.toString());
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
            Thread.sleep(5);
        }
    }
}
