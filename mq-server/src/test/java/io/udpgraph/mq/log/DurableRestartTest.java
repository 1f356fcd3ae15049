package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import io.udpgraph.protocol.Lease;
import io.udpgraph.protocol.LeaseId;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.runtime.MetricsEndpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two queue node instances, one after the other, on the same data directory: the second carries on from the first. */
@Timeout(30)
class DurableRestartTest {
    /** Tiny segments, so a few messages fill sealed segments that compaction may rewrite or delete. */
    private static final LogConfig SMALL = LogConfig.defaults().fsync(FsyncPolicy.ALWAYS).segmentBytes(256)
            .compactionInterval(Duration.ZERO);

    @TempDir
    Path dir;

    private QueueNode start(QueueConfig config) throws Exception {
        return QueueNode.start(config.port(0).journal(LogJournal.open(dir, SMALL)));
    }

    private QueueNode start() throws Exception {
        return start(QueueConfig.defaults());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void restartReplaysTheMessagesNotTakenInOrder() throws Exception {
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            for (int i = 0; i < 50; i++) {
                client.put("m" + i);
            }
            for (int i = 0; i < 10; i++) {
                assertEquals("m" + i, client.getText());
            }
        }
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            assertEquals(40, node.recovered());
            assertEquals(40, client.size());
            for (int i = 10; i < 50; i++) {
                assertEquals("m" + i, client.getText());
            }
            assertEquals("", client.getText(), "nothing more than what was left");
        }
    }

    @Test
    void aPutIdRepeatedAfterARestartIsStillRecognised() throws Exception {
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            client.putWithId("order-1", utf8("first"));
            assertEquals("first", client.getText(), "taken: only its id is left to remember");
        }
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            assertEquals(5, client.putWithId("order-1", utf8("first")), "acknowledged as if new");
            assertEquals(0, node.stored(), "but not stored again");
            assertEquals(1, node.stats().deduplicated());
            client.putWithId("order-2", utf8("second"));
            assertEquals(1, node.stored(), "a new id is stored");
        }
    }

    @Test
    void aPutIdIsStillRecognisedAfterCompactionDroppedItsPut() throws Exception {
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            client.putWithId("order-1", utf8("x".repeat(100)));
            assertEquals(1, client.get(1, Duration.ZERO).size());
            for (int i = 0; i < 10; i++) {
                client.put("filler-" + i); // rolls several 256-byte segments past the one holding order-1
                client.getText();
            }
            LogJournal journal = (LogJournal) node.config().journal();
            CompactionResult compacted = journal.log().compactNow();
            assertTrue(compacted.segmentsDeleted() + compacted.segmentsRewritten() > 0, compacted.toString());
        }
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            client.putWithId("order-1", utf8("x".repeat(100)));
            assertEquals(0, node.stored(), "the id outlived its PUT record");
        }
    }

    @Test
    void idsOutsideTheDedupWindowAreNotRememberedAfterARestart() throws Exception {
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            client.putWithId("old", utf8("a"));
            client.getText();
        }
        Thread.sleep(20);
        try (QueueNode node = start(QueueConfig.defaults().dedupWindowTime(Duration.ofMillis(10)));
             MqClient client = MqClient.connect(node.address())) {
            client.putWithId("old", utf8("a"));
            assertEquals(1, node.stored(), "the window of this node is 10 ms: the id is long forgotten");
        }
    }

    @Test
    void leasedMessagesComeBackVisibleWithTheirDeliveryCounts() throws Exception {
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            client.put("a");
            client.put("b");
            List<Lease> leases = client.lease(2, Duration.ofMinutes(5), Duration.ZERO);
            assertEquals(2, leases.size());
            assertEquals(0, node.size());
        }
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            assertEquals(2, client.size(), "a lease ends with the node that granted it");
            assertEquals(0, node.stats().leased());
            List<Lease> again = client.lease(2, Duration.ofMinutes(5), Duration.ZERO);
            assertEquals(List.of("a 2", "b 2"), again.stream().map(l -> l.text() + " " + l.deliveries()).toList());
        }
    }

    @Test
    void anAckedMessageDoesNotComeBack() throws Exception {
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            client.put("done");
            client.put("pending");
            Lease done = client.lease(1, Duration.ofMinutes(5), Duration.ZERO).get(0);
            assertEquals(1, client.ack(done.leaseId()));
        }
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            assertEquals(1, node.recovered());
            assertEquals("pending", client.getText());
        }
    }

    @Test
    void aLeaseIdFromBeforeARestartAcknowledgesNothingNew() throws Exception {
        LeaseId staleId;
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            client.put("a");
            client.put("b");
            client.getText();
            staleId = client.lease(1, Duration.ofMinutes(5), Duration.ZERO).get(0).leaseId();
            assertEquals(1, client.ack(staleId));
        }
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            client.put("c");
            Lease c = client.lease(1, Duration.ofMinutes(5), Duration.ZERO).get(0);
            assertTrue(c.leaseId().sequence() > staleId.sequence(),
                    "numbering goes on past every id handed out: " + c.leaseId());
            assertEquals(0, client.ack(staleId), "the old id names nothing");
            assertEquals(1, node.stored());
        }
    }

    @Test
    void aLeaseIdOfAMessageLeasedAtARestartSettlesNothingAfterItAndTheMessageComesBack() throws Exception {
        LeaseId before;
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            client.put("a");
            before = client.lease(1, Duration.ofMinutes(5), Duration.ZERO).get(0).leaseId();
        }
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            assertEquals(0, client.ack(before), "a new key: the id from before names nothing");
            Lease again = client.lease(1, Duration.ofMinutes(5), Duration.ZERO).get(0);
            assertEquals(before.sequence(), again.leaseId().sequence());
            assertEquals(2, again.deliveries());
            assertEquals(1, client.ack(again.leaseId()));
        }
    }

    @Test
    void timeInTheQueueCountsFromTheOriginalPut() throws Exception {
        long before = System.nanoTime();
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            client.put("waits across a restart");
        }
        Thread.sleep(300);
        MeterRegistry registry = MetricsEndpoint.newRegistry();
        try (QueueNode node = start(QueueConfig.defaults().registry(registry));
             MqClient client = MqClient.connect(node.address())) {
            client.getText();
            long atLeast = System.nanoTime() - before - TimeUnit.MILLISECONDS.toNanos(1_000);
            double waited = registry.get("mq.wait").timer().max(TimeUnit.NANOSECONDS);
            assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(300),
                    "the wait includes the 300 ms the node was down: " + waited / 1e6 + " ms");
            assertTrue(atLeast < waited + TimeUnit.SECONDS.toNanos(1));
        }
    }

    @Test
    void logMetricsAreInTheNodesRegistry() throws Exception {
        MeterRegistry registry = MetricsEndpoint.newRegistry();
        try (QueueNode node = start(QueueConfig.defaults().registry(registry).name("d"));
             MqClient client = MqClient.connect(node.address())) {
            for (int i = 0; i < 10; i++) {
                client.put("message " + i);
            }
            client.getText();
            assertEquals(11, registry.get("mq.log.appends").tag("node", "d").functionCounter().count(),
                    "ten PUTs and one removal");
            assertTrue(registry.get("mq.log.forces").tag("node", "d").functionCounter().count() >= 1);
            assertTrue(registry.get("mq.log.appended").tag("node", "d").functionCounter().count() > 10 * 20);
            assertTrue(registry.get("mq.log.segments").tag("node", "d").gauge().value() > 1, "256-byte segments roll");
            assertEquals(0, registry.get("mq.log.compacted.segments").tag("node", "d").functionCounter().count());
        }
        assertTrue(registry.find("mq.log.appends").meters().isEmpty(), "the node removes its log meters on close");
    }

    @Test
    void aSecondNodeCannotOpenADataDirectoryInUse() throws Exception {
        try (QueueNode node = start()) {
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> LogJournal.open(dir, SMALL));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
        try (LogJournal reopened = LogJournal.open(dir, SMALL)) {
            assertTrue(reopened.toString().contains(dir.toString()), "closing the node released the directory");
        }
    }

    @Test
    void aNodeThatFailsToStartReleasesItsDataDirectory() throws Exception {
        try (QueueNode first = start()) {
            QueueConfig clash = QueueConfig.defaults().port(first.address().getPort()).threads(1);
            Path other = dir.resolve("other");
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> QueueNode.start(clash.journal(LogJournal.open(other, SMALL))));
            assertTrue(e.getMessage().contains("cannot bind"), e.getMessage());
            try (LogJournal again = LogJournal.open(other, SMALL)) {
                assertTrue(again.log().stats().segments() >= 1);
            }
        }
    }

    @Test
    void manyMessagesAcrossManySegmentsComeBackExactly() throws Exception {
        List<String> expected = new ArrayList<>();
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            for (int i = 0; i < 300; i++) {
                client.put("n" + i);
                if (i % 3 == 0) {
                    assertEquals("n" + (i / 3), client.getText());
                }
            }
            for (int i = 100; i < 300; i++) {
                expected.add("n" + i);
            }
            ((LogJournal) node.config().journal()).log().compactNow();
        }
        try (QueueNode node = start(); MqClient client = MqClient.connect(node.address())) {
            List<String> got = new ArrayList<>();
            for (List<byte[]> batch; !(batch = client.get(100, Duration.ZERO)).isEmpty(); ) {
                batch.forEach(b -> got.add(new String(b, StandardCharsets.UTF_8)));
            }
            assertEquals(expected, got);
        }
    }
}
