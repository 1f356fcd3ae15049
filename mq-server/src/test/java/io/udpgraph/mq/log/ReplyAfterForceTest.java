package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.Integrity;
import io.udpgraph.protocol.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Under {@code --fsync always} the node's reply to a PUT or an ACK leaves only after the force that covers it. */
@Timeout(30)
class ReplyAfterForceTest {
    private static final LogConfig ALWAYS = LogConfig.defaults().fsync(FsyncPolicy.ALWAYS).compactionInterval(Duration.ZERO);

    @TempDir
    Path dir;

    @Test
    void aPutIsAnsweredOnlyAfterItsRecordIsForced() throws Exception {
        CountDownLatch diskMayFinish = new CountDownLatch(1);
        CountDownLatch forceStarted = new CountDownLatch(1);
        ForceHook heldForce = channel -> {
            forceStarted.countDown();
            try {
                diskMayFinish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel.force(false);
        };
        try (QueueNode node = startAlways(heldForce);
             MqClient client = MqClient.connect(node.address(), MqClient.Options.defaults().timeout(Duration.ofSeconds(10)))) {
            CompletableFuture<Integer> put = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.put("durable");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            forceStarted.await();
            Thread.sleep(200);
            assertFalse(put.isDone(), "the PUT was answered while its force had not finished");
            diskMayFinish.countDown();
            assertEquals(7, put.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void thePutsOfOneDatagramShareOneForce() throws Exception {
        AtomicInteger forces = new AtomicInteger();
        ForceHook counting = counting(forces);
        try (QueueNode node = startAlways(counting);
             MqClient client = MqClient.connect(node.address())) {
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                batch.add(String.format("PUT:m%02d", i));
            }
            List<Reply> replies = client.send(batch);
            assertEquals(20, replies.size());
            replies.forEach(r -> assertEquals("PUT 3 bytes", r.text()));
            assertEquals(1, forces.get(), "one force for the twenty PUTs of the datagram");
            assertEquals(20, node.size());
        }
    }

    @Test
    void aGetAfterPutsInOneDatagramTakesOnlyWhatIsOnDisk() throws Exception {
        AtomicInteger forces = new AtomicInteger();
        ForceHook counting = counting(forces);
        try (QueueNode node = startAlways(counting);
             MqClient client = MqClient.connect(node.address())) {
            List<Reply> replies = client.send(List.of("PUT:a", "PUT:b", "GET", "PUT:c"));
            assertEquals(List.of("PUT 1 bytes", "PUT 1 bytes", "a", "PUT 1 bytes"), replies.stream().map(Reply::text).toList());
            assertEquals(3, forces.get(), "the two PUTs before the GET, the GET's removal, the last PUT");
        }
    }

    @Test
    void putsWhoseForceFailsAreAnsweredWithErrInternal() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ForceHook failing = channel -> {
            calls.incrementAndGet();
            throw new IOException("simulated disk failure");
        };
        try (QueueNode node = startAlways(failing);
             MqClient client = MqClient.connect(node.address())) {
            List<Reply> replies = client.send(List.of("PUT:a", Integrity.wrap("PUT:b"), "SIZE"));
            assertEquals(3, replies.size());
            assertTrue(replies.get(0).text().startsWith("ERR internal the log could not make this PUT durable"),
                    replies.get(0).text());
            assertTrue(replies.get(1).text().startsWith("~") && replies.get(1).text().contains("ERR internal"),
                    "the reply to a checksummed PUT stays checksummed: " + replies.get(1).text());
            assertTrue(calls.get() >= 1);
        }
    }

    @Test
    void aGetALeaseAndAnAckOfTenMessagesCostOneForceEach() throws Exception {
        AtomicInteger forces = new AtomicInteger();
        ForceHook counting = counting(forces);
        try (QueueNode node = startAlways(counting);
             MqClient client = MqClient.connect(node.address())) {
            List<String> puts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                puts.add("PUT:m" + i);
            }
            client.send(puts);
            forces.set(0);
            assertEquals(10, client.get(10, Duration.ZERO).size());
            assertEquals(1, forces.getAndSet(0), "the ten removals of one GET share a force");
            List<io.udpgraph.protocol.Lease> leases = client.lease(10, Duration.ofMinutes(1), Duration.ZERO);
            assertEquals(10, leases.size());
            assertEquals(1, forces.getAndSet(0), "the ten leases of one LEASE share a force");
            assertEquals(10, client.ack(leases.stream().map(io.udpgraph.protocol.Lease::leaseId)
                    .toArray(io.udpgraph.protocol.LeaseId[]::new)));
            assertEquals(1, forces.get(), "the ten removals of one ACK share a force");
            assertEquals(0, node.stored());
        }
        try (LogJournal reopened = LogJournal.open(dir, ALWAYS)) {
            assertEquals(0, reopened.log().takeRecovered().messages().size(), "every removal reached the log");
        }
    }

    @Test
    void datagramsWaitingTogetherShareOneForce() throws Exception {
        AtomicInteger forces = new AtomicInteger();
        ForceHook slowDisk = channel -> {
            forces.incrementAndGet();
            channel.force(false);
            try {
                Thread.sleep(2); // a disk slower than the clients, so datagrams wait while it forces
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        int clients = 8;
        int putsEach = 25;
        try (QueueNode node = startAlways(slowDisk)) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                done.add(CompletableFuture.runAsync(() -> {
                    try (MqClient client = MqClient.connect(node.address(),
                            MqClient.Options.defaults().timeout(Duration.ofSeconds(10)))) {
                        for (int i = 0; i < putsEach; i++) {
                            assertEquals(4, client.put(String.format("%d-%02d", id, i)));
                        }
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                }, java.util.concurrent.Executors.newSingleThreadExecutor()));
            }
            for (CompletableFuture<Void> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertEquals(clients * putsEach, node.size(), "every answered PUT is stored");
            assertTrue(forces.get() < clients * putsEach * 3 / 4,
                    forces.get() + " forces for " + clients * putsEach + " PUT datagrams: turns share a force");
        }
    }

    /** A node whose log forces every append ({@code --fsync always}) through {@code hook}. */
    private QueueNode startAlways(ForceHook hook) throws IOException {
        return QueueNode.start(QueueConfig.defaults().port(0).journal(LogJournal.open(dir, ALWAYS, hook)));
    }

    /** A force that really forces, and counts itself. */
    private static ForceHook counting(AtomicInteger forces) {
        return channel -> {
            forces.incrementAndGet();
            channel.force(false);
        };
    }
}
