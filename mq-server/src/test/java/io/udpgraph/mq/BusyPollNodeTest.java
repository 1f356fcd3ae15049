package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.log.FsyncPolicy;
import io.udpgraph.mq.log.LogConfig;
import io.udpgraph.mq.log.LogJournal;
import io.udpgraph.protocol.BusyPoll;
import io.udpgraph.protocol.MqClient;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node whose receiving threads poll before they block ({@code --busy-poll}) serves as one that blocks at once. */
class BusyPollNodeTest {
    private static final BusyPoll LONGEST = BusyPoll.of(BusyPoll.MAX);

    private static void putGetLeaseAck(InetSocketAddress at, MqClient.Options options) throws Exception {
        try (MqClient client = MqClient.connect(at, options)) {
            for (int i = 0; i < 500; i++) {
                client.put("m" + i);
            }
            List<byte[]> got = client.get(300, Duration.ZERO);
            assertEquals(300, got.size());
            assertEquals("m0", new String(got.get(0), java.nio.charset.StandardCharsets.UTF_8));
            List<io.udpgraph.protocol.Lease> leases = client.lease(500, Duration.ofSeconds(30), Duration.ZERO);
            assertEquals(200, leases.size());
            assertEquals(200, client.ack(leases.stream().map(io.udpgraph.protocol.Lease::leaseId)
                    .toArray(io.udpgraph.protocol.LeaseId[]::new)));
            assertEquals(0, client.size());
        }
    }

    /** CPU time the node's receiving thread uses over {@code window} while no request comes. */
    private static long idleCpuNanos(String nodeName, Duration window) throws InterruptedException {
        Thread rx = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("mq-" + nodeName + "-rx-0")).findFirst().orElseThrow();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = threads.getThreadCpuTime(rx.getId());
        Thread.sleep(window.toMillis());
        return threads.getThreadCpuTime(rx.getId()) - before;
    }

    @Test
    void aBusyPollingNodeServesPutsGetsAndLeases() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).name("polled").busyPoll(LONGEST))) {
            putGetLeaseAck(node.address(), MqClient.Options.defaults());
            putGetLeaseAck(node.address(), MqClient.Options.defaults().busyPoll(BusyPoll.of(Duration.ofMillis(1))));
        }
    }

    @Test
    void anIdleBusyPollingNodeBlocksOnceItsPollIsOver() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).name("idle").busyPoll(LONGEST));
             MqClient client = MqClient.connect(node.address())) {
            client.put("wakes it");
            Thread.sleep(50); // past the 10 ms poll
            long cpu = idleCpuNanos("idle", Duration.ofSeconds(1));
            // a thread that went on polling would use the whole second
            assertTrue(cpu < Duration.ofMillis(300).toNanos(), cpu / 1_000_000 + " ms of CPU in an idle second");
            assertEquals(1, client.size(), "and it still answers");
        }
    }

    @Test
    void aDurableNodePollsBetweenItsTurns(@TempDir Path dir) throws Exception {
        try (LogJournal journal = LogJournal.open(dir, LogConfig.defaults().fsync(FsyncPolicy.NEVER));
             QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).name("durable").journal(journal)
                     .busyPoll(LONGEST))) {
            putGetLeaseAck(node.address(), MqClient.Options.defaults());
            Thread.sleep(50);
            long cpu = idleCpuNanos("durable", Duration.ofSeconds(1));
            assertTrue(cpu < Duration.ofMillis(300).toNanos(), cpu / 1_000_000 + " ms of CPU in an idle second");
        }
    }

    @Test
    void closingABusyPollingNodeFreesItsPort() throws Exception {
        InetSocketAddress at;
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).name("first").busyPoll(LONGEST))) {
            at = node.address();
        }
        try (QueueNode again = QueueNode.start(QueueConfig.defaults().port(at.getPort()).busyPoll(LONGEST));
             MqClient client = MqClient.connect(again.address())) {
            assertEquals(0, client.size());
        }
    }
}
