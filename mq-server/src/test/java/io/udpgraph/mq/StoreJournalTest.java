package io.udpgraph.mq;

import static io.udpgraph.mq.LeaseTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.Lease;
import io.udpgraph.protocol.MqClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The journal hears of every change to the store, and a node takes back what a journal recovers. */
class StoreJournalTest {

    /** Writes each call down as text. */
    static class RecordingJournal implements StoreJournal {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        volatile boolean refuseAppends;
        volatile boolean refuseRemovals;
        volatile boolean refuseDeliveries;
        volatile boolean closed;

        @Override
        public void appended(long seq, String producerId, byte[] body) throws IOException {
            if (refuseAppends) {
                throw new IOException("disk full");
            }
            calls.add("appended " + seq + " " + producerId + " " + Wire.text(body));
        }

        @Override
        public void removed(long seq) throws IOException {
            if (refuseRemovals) {
                throw new IOException("disk full");
            }
            calls.add("removed " + seq);
        }

        @Override
        public void delivered(long seq, int deliveries) throws IOException {
            if (refuseDeliveries) {
                throw new IOException("disk full");
            }
            calls.add("delivered " + seq + " " + deliveries);
        }

        @Override
        public void deadLettered(long seq) {
            calls.add("dead-lettered " + seq);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void everyChangeToTheStoreIsJournaledInOrder() throws Exception {
        RecordingJournal journal = new RecordingJournal();
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).journal(journal).maxDeliveries(2));
             MqClient client = MqClient.connect(node.address())) {
            client.put("a");
            client.putWithId("id-b", Wire.bytes("b"));
            client.putWithId("id-b", Wire.bytes("b")); // a repeat: not stored, not journaled
            client.put("c");
            client.get();
            Lease b = client.lease(1, Duration.ofSeconds(30), Duration.ZERO).get(0);
            client.ack(b.leaseId());
            client.lease(1, Duration.ofMillis(20), Duration.ZERO);
            await(() -> node.size() == 1);
            client.lease(1, Duration.ofMillis(20), Duration.ZERO);
            await(() -> node.stored() == 0);
        }
        assertEquals(List.of("appended 1 null a", "appended 2 id-b b", "appended 3 null c", "removed 1",
                "delivered 2 1", "removed 2", "delivered 3 1", "delivered 3 2", "dead-lettered 3"), journal.calls);
        assertTrue(journal.closed, "close() closes the journal");
    }

    @Test
    void aJournalThatRefusesAnAppendMakesThePutFailWithErrInternal() throws Exception {
        RecordingJournal journal = new RecordingJournal();
        journal.refuseAppends = true;
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).journal(journal));
             MqClient client = MqClient.connect(node.address())) {
            String reply = Wire.one(client, "PUT:lost?");
            assertTrue(reply.startsWith("ERR internal the journal refused the message (disk full)"), reply);
            assertEquals(0, node.stored());
            assertEquals(0, node.stats().bytes());
        }
    }

    @Test
    void recoveredMessagesAreServedFirstAndNumberingGoesOn() throws Exception {
        StoreJournal recovering = new RecordingJournal() {
            @Override
            public void recover(Recovery into) {
                into.message(7, null, Wire.bytes("old one"), 7, 0, System.currentTimeMillis());
                into.message(9, "src-9", Wire.bytes("old two"), 7, 2, System.currentTimeMillis());
            }
        };
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).journal(recovering));
             MqClient client = MqClient.connect(node.address())) {
            assertEquals(2, node.recovered());
            client.put("new");
            client.putWithId("src-9", Wire.bytes("old two")); // its id came back with it
            List<Lease> leases = client.lease(3, Duration.ofSeconds(30), Duration.ZERO);
            assertEquals(List.of("7 1 old one", "9 3 old two", "10 1 new"), leases.stream()
                    .map(l -> l.leaseId().sequence() + " " + l.deliveries() + " " + l.text()).toList());
        }
    }

    @Test
    void anAckTheJournalCannotRecordIsRefusedAndTheMessagesStayLeased() throws Exception {
        RecordingJournal journal = new RecordingJournal();
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).journal(journal));
             MqClient client = MqClient.connect(node.address())) {
            client.put("a");
            client.put("b");
            List<Lease> leases = client.lease(2, Duration.ofSeconds(30), Duration.ZERO);
            journal.refuseRemovals = true;
            String ack = "ACK:" + leases.get(0).leaseId() + "," + leases.get(1).leaseId();
            String reply = Wire.one(client, ack);
            assertTrue(reply.startsWith("ERR internal nothing was taken for 2 ids"), reply);
            assertEquals(2, node.stored(), "a removal the log cannot record is not made");
            assertEquals(2, node.stats().leased(), "the leases go on");
            journal.refuseRemovals = false;
            Wire.one(client, ack);
            assertEquals(0, node.stored(), "the same ACK works once the log can record it");
        }
    }

    @Test
    void aGetTheJournalCannotRecordTakesNothing() throws Exception {
        RecordingJournal journal = new RecordingJournal();
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).journal(journal));
             MqClient client = MqClient.connect(node.address())) {
            client.put("kept");
            journal.refuseRemovals = true;
            String reply = Wire.one(client, "GET");
            assertTrue(reply.startsWith("ERR internal") && reply.contains("nothing was taken"), reply);
            assertEquals(1, node.size(), "the message stays visible");
            journal.refuseRemovals = false;
            assertEquals("kept", Wire.one(client, "GET"));
        }
    }

    @Test
    void aLeaseTheJournalCannotRecordLeasesNothing() throws Exception {
        RecordingJournal journal = new RecordingJournal();
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).journal(journal));
             MqClient client = MqClient.connect(node.address())) {
            client.put("kept");
            journal.refuseDeliveries = true;
            String reply = Wire.one(client, "LEASE:1:30000");
            assertTrue(reply.startsWith("ERR internal") && reply.contains("nothing was taken"), reply);
            assertEquals(1, node.size());
            assertEquals(0, node.stats().leased());
            journal.refuseDeliveries = false;
            List<Lease> leases = client.lease(1, Duration.ofSeconds(30), Duration.ZERO);
            assertEquals(1, leases.get(0).deliveries(), "the refused lease did not count");
        }
    }
}
