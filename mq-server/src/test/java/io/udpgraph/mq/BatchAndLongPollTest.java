package io.udpgraph.mq;

import static io.udpgraph.mq.Wire.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchAndLongPollTest {
    private QueueNode node;
    private MqClient client;

    @BeforeEach
    void start() throws Exception {
        node = QueueNode.start(QueueConfig.defaults().port(0));
        client = MqClient.connect(node.address());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        node.close();
    }

    @Test
    void aBatchIsRunInOrderWithOneReplyPerCommand() throws Exception {
        assertEquals("1bPUT 1 bytes1bPUT 1 bytes11a11b", exchange(client, "15PUT:a15PUT:b15GET:2"));
    }

    @Test
    void batchRepliesComeInTheOrderOfTheCommands() throws Exception {
        List<Reply> replies = client.send(List.of("PUT:x", "SIZE", "GET", "SIZE", "GET", "PING", "PUT:yy"));
        assertEquals(List.of("PUT 1 bytes", "1", "x", "0", "", ""), replies.subList(0, 6).stream()
                .map(r -> r.isError() ? "" : r.text()).toList());
        assertTrue(replies.get(5).text().startsWith("ERR unknown"));
        assertEquals("PUT 2 bytes", replies.get(6).text());
    }

    @Test
    void aSeveralMessageGetThatIsNotLastIsRefusedAndTheRestRuns() throws Exception {
        client.put("a");
        List<Reply> replies = client.send(List.of("GET:2", "SIZE"));
        assertEquals(2, replies.size());
        assertTrue(replies.get(0).text().startsWith("ERR usage"), replies.get(0).text());
        assertEquals("1", replies.get(1).text());
    }

    @Test
    void getNReturnsUpToNMessagesOldestFirst() throws Exception {
        for (String s : List.of("a", "b", "c", "d")) {
            client.put(s);
        }
        assertEquals("11a11b11c", exchange(client, "15GET:3"));
        assertEquals("11d", exchange(client, "15GET:3"));
        assertEquals("10", exchange(client, "15GET:3"));
    }

    @Test
    void getNOutsideOneTo1024IsAUsageError() throws Exception {
        assertTrue(Wire.one(client, "GET:0").startsWith("ERR usage GET:<n> takes n from 1 to 1024"));
        assertTrue(Wire.one(client, "GET:1025").startsWith("ERR usage"));
    }

    @Test
    void getNCapsItsReplyToOneDatagram() throws Exception {
        String big = "x".repeat(30_000);
        client.put(big);
        client.put(big);
        client.put(big);
        List<byte[]> first = client.get(10, Duration.ZERO);
        assertEquals(2, first.size(), "two 30,000-byte messages fit a datagram, three do not");
        assertEquals(1, node.size());
        assertEquals(1, client.get(10, Duration.ZERO).size());
    }

    @Test
    void aLongPollIsAnsweredByALaterPut() throws Exception {
        CompletableFuture<List<byte[]>> poll = CompletableFuture.supplyAsync(() -> {
            try (MqClient waiter = MqClient.connect(node.address())) {
                return waiter.get(5, Duration.ofSeconds(10));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        waitUntilParked(1);
        client.put("late");
        List<byte[]> got = poll.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("late"), got.stream().map(Wire::text).toList());
        assertEquals(0, node.size());
    }

    @Test
    void aLongPollGetsTheEmptyFrameAtItsDeadline() throws Exception {
        long t0 = System.nanoTime();
        assertEquals("10", exchange(client, "19GET:3:300"));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(waited >= 290, "answered after " + waited + " ms, before its deadline");
    }

    @Test
    void waitingLongPollsAreServedOldestFirst() throws Exception {
        try (MqClient first = MqClient.connect(node.address(), MqClient.Options.defaults());
             MqClient second = MqClient.connect(node.address())) {
            CompletableFuture<List<byte[]>> a = CompletableFuture.supplyAsync(() -> poll(first));
            waitUntilParked(1);
            CompletableFuture<List<byte[]>> b = CompletableFuture.supplyAsync(() -> poll(second));
            waitUntilParked(2);
            client.put("one");
            client.put("two");
            assertEquals("one", Wire.text(a.get(5, TimeUnit.SECONDS).get(0)));
            assertEquals("two", Wire.text(b.get(5, TimeUnit.SECONDS).get(0)));
        }
    }

    @Test
    void aParkedLongPollKeepsTheRepliesOfTheCommandsBeforeIt() throws Exception {
        CompletableFuture<byte[]> poll = CompletableFuture.supplyAsync(() -> {
            try (MqClient waiter = MqClient.connect(node.address())) {
                return waiter.sendRaw(Wire.bytes("14SIZE1aGET:1:5000"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        waitUntilParked(1);
        client.put("m");
        assertEquals(List.of("0", "m"), Frames.decodeAllText(poll.get(5, TimeUnit.SECONDS)));
    }

    @Test
    void aWaitOver60SecondsIsAUsageError() throws Exception {
        assertTrue(Wire.one(client, "GET:1:60001").startsWith("ERR usage"));
    }

    private static List<byte[]> poll(MqClient c) {
        try {
            return c.get(1, Duration.ofSeconds(10));
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    private void waitUntilParked(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (node.parkedPolls() < n) {
            assertTrue(System.nanoTime() < deadline, "the long poll never arrived");
            Thread.sleep(5);
        }
    }
}
