package io.udpgraph.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class LoadGeneratorTest {
    private static final Duration HALF_SECOND = Duration.ofMillis(500);

    @Test
    void closedLoopAgainstAnEchoCountsEveryReplyAsAnOpWithItsLatency() throws Exception {
        try (EchoServer echo = EchoServer.start("127.0.0.1", 0)) {
            LoadResult r = LoadGenerator.run(LoadGenerator.Options.closedLoop(echo.address(), Workload.of(Workload.Kind.ECHO))
                    .clients(4).duration(Duration.ofSeconds(1)));
            assertTrue(r.ops() > 0, r::summary);
            assertEquals(r.ops(), r.latency().getTotalCount(), "one latency sample per op");
            assertEquals(r.ops(), r.messages(), "an echoed datagram of the request's length is one message");
            assertEquals(0, r.timeouts(), r::summary);
            assertEquals(0, r.errors(), r::summary);
            assertTrue(r.inFlightAtEnd() <= 4, "at most one request per client is outstanding");
        }
    }

    @Test
    void requestsToASilentSocketAreCountedAsTimeoutsNotHidden() throws Exception {
        try (DatagramChannel silent = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            LoadResult r = LoadGenerator.run(LoadGenerator.Options.closedLoop(
                            (InetSocketAddress) silent.getLocalAddress(), Workload.of(Workload.Kind.PUT_GET))
                    .clients(2).duration(HALF_SECOND).timeout(Duration.ofMillis(50)));
            assertEquals(0, r.ops(), r::summary);
            assertEquals(0, r.latency().getTotalCount(), "a timeout is not a latency sample");
            // each client times out about every 50 ms, then tries again on a fresh socket
            assertTrue(r.timeouts() >= 2, r::summary);
        }
    }

    @Test
    void putGetPairsAgainstAQueueNodeMoveOneMessagePerOpAndNeverFindItEmpty() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).threads(1))) {
            LoadResult r = LoadGenerator.run(LoadGenerator.Options.closedLoop(node.address(),
                    Workload.of(Workload.Kind.PUT_GET)).clients(4).duration(HALF_SECOND));
            assertTrue(r.ops() > 0, r::summary);
            assertEquals(r.ops(), r.messages(), r::summary);
            assertEquals(0, r.empty(), "each client GETs only after its own PUT was stored");
            assertEquals(0, r.errors(), r::summary);
            assertEquals(0, r.timeouts(), r::summary);
        }
    }

    @Test
    void aBatchCountsEveryMessageItCarries() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).threads(1))) {
            LoadResult r = LoadGenerator.run(LoadGenerator.Options.closedLoop(node.address(),
                    new Workload(Workload.Kind.BATCH, 100, 50)).duration(HALF_SECOND));
            assertTrue(r.ops() > 0, r::summary);
            assertEquals(50 * r.ops(), r.messages(), "50 PUTs stored, or 50 messages taken, per reply");
            assertEquals(0, r.errors(), r::summary);
        }
    }

    @Test
    void errorRepliesAreCountedAsErrorsNotMessages() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).threads(1).maxMessageBytes(10))) {
            LoadResult r = LoadGenerator.run(LoadGenerator.Options.closedLoop(node.address(),
                    Workload.of(Workload.Kind.PUT_GET)).duration(HALF_SECOND));
            // every 100-byte PUT is refused as too large, so every GET finds the queue empty
            assertTrue(r.errors() > 0, r::summary);
            assertEquals(0, r.messages(), r::summary);
            assertEquals(r.ops(), r.errors() + r.empty(), r::summary);
        }
    }

    @Test
    void openLoopSendsNoMoreThanTheAskedRate() throws Exception {
        try (EchoServer echo = EchoServer.start("127.0.0.1", 0)) {
            LoadResult r = LoadGenerator.run(LoadGenerator.Options.closedLoop(echo.address(), Workload.of(Workload.Kind.ECHO))
                    .clients(2).duration(HALF_SECOND).rate(2000));
            assertTrue(r.ops() > 0, r::summary);
            assertTrue(r.ops() <= 1001, "2000/s for half a second is at most 1001 requests: " + r.summary());
            assertEquals(0, r.errors(), r::summary);
        }
    }
}
