package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import io.udpgraph.mq.StoreJournal;
import io.udpgraph.protocol.MqClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Under {@code --fsync interval} a reply leaves only after the write of its turn's records, at the turn's commit. */
@Timeout(30)
class ReplyAfterTurnWriteTest {
    private static final LogConfig INTERVAL = LogConfig.defaults().fsync(FsyncPolicy.INTERVAL)
            .fsyncInterval(Duration.ofHours(1)).compactionInterval(Duration.ZERO);

    @TempDir
    Path dir;

    @Test
    void noReplyLeavesBeforeTheOneWriteOfItsTurn() throws Exception {
        LogJournal log = LogJournal.open(dir, INTERVAL);
        HeldCommit journal = new HeldCommit(log);
        List<MqClient> clients = new ArrayList<>();
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).journal(journal))) {
            long writes = log.log().recordWrites();
            List<CompletableFuture<Integer>> puts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                MqClient client = MqClient.connect(node.address(), MqClient.Options.defaults().timeout(Duration.ofSeconds(10)));
                clients.add(client);
                String body = "m" + i;
                puts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.put(body);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            assertTrue(journal.entered.await(10, TimeUnit.SECONDS), "the turn reached its commit");
            Thread.sleep(200);
            assertTrue(puts.stream().noneMatch(CompletableFuture::isDone), "a PUT was answered before its turn's commit");
            assertEquals(writes, log.log().recordWrites(), "the turn's records wait, staged, for the commit");
            journal.mayCommit.countDown();
            for (CompletableFuture<Integer> put : puts) {
                assertEquals(2, put.get(10, TimeUnit.SECONDS));
            }
            assertTrue(log.log().recordWrites() > writes, "the commits wrote the records");
            assertFalse(log.log().recordWrites() > writes + 4, "at most one write per turn");
        } finally {
            for (MqClient client : clients) {
                client.close();
            }
        }
    }

    /** A log journal whose commits wait until the test lets them go on. */
    private static final class HeldCommit implements StoreJournal {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch mayCommit = new CountDownLatch(1);
        private final LogJournal log;

        HeldCommit(LogJournal log) {
            this.log = log;
        }

        @Override
        public void recover(Recovery into) throws IOException {
            log.recover(into);
        }

        @Override
        public boolean commitsPerTurn() {
            return log.commitsPerTurn();
        }

        @Override
        public void appended(long seq, String producerId, byte[] body) throws IOException {
            log.appended(seq, producerId, body);
        }

        @Override
        public void appended(long seq, String producerId, ByteBuffer src, int offset, int length) throws IOException {
            log.appended(seq, producerId, src, offset, length);
        }

        @Override
        public void commit() throws IOException {
            entered.countDown();
            try {
                mayCommit.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.commit();
        }

        @Override
        public void removed(long seq) throws IOException {
            log.removed(seq);
        }

        @Override
        public void delivered(long seq, int deliveries) throws IOException {
            log.delivered(seq, deliveries);
        }

        @Override
        public void deadLettered(long seq) throws IOException {
            log.deadLettered(seq);
        }

        @Override
        public void close() throws IOException {
            log.close();
        }
    }
}
