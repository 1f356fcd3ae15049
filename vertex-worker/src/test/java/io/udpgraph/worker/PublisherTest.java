package io.udpgraph.worker;

import static io.udpgraph.worker.TestNodes.takeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.udpgraph.protocol.FrameException;
import io.udpgraph.protocol.Frames;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the publisher batches its PUTs and waits between retries, seen from the network. */
@Timeout(30)
class PublisherTest {
    private static final Duration TIMEOUT = Duration.ofMillis(200);

    private static Publisher publisher(InetSocketAddress to, LongConsumer park) throws Exception {
        return publisher(to, park, TIMEOUT);
    }

    private static Publisher publisher(InetSocketAddress to, LongConsumer park, Duration timeout) throws Exception {
        return new Publisher(List.of(Output.queue(to)), null, Guarantee.AT_LEAST_ONCE, timeout,
                new WorkerMetrics(new SimpleMeterRegistry(), "publisher-test"),
                new ErrorLog(Logger.getLogger(PublisherTest.class.getName()), "test: "), park);
    }

    private static void addResults(Publisher p, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            p.add(0, null, prefix + i);
        }
    }

    private static int frames(byte[] datagram) {
        try {
            return Frames.decodeAllText(datagram).size();
        } catch (FrameException e) {
            return -1;
        }
    }

    /** Forwards everything but the request datagrams whose numbers (from 1) are listed; records each one's frames. */
    private static FaultyProxy.Plan dropRequests(List<Integer> framesPerRequest, int... dropped) {
        return (way, client, datagram) -> {
            if (way == FaultyProxy.Way.UP) {
                framesPerRequest.add(frames(datagram));
                for (int d : dropped) {
                    if (d == framesPerRequest.size()) {
                        return List.of();
                    }
                }
            }
            return List.of(new FaultyProxy.Send(way, client, datagram, 0));
        };
    }

    @Test
    void aLostBatchIsSentAgainAsABatch() throws Exception {
        List<Integer> frames = new CopyOnWriteArrayList<>();
        try (TestNodes.Node out = TestNodes.start();
             FaultyProxy proxy = new FaultyProxy(out.address(), dropRequests(frames, 1));
             Publisher p = publisher(proxy.address(), ns -> { })) {
            addResults(p, "a", 20);
            assertTrue(p.flush(() -> false));
            assertTrue(frames.size() >= 2 && frames.stream().allMatch(f -> f == 20), "frames per datagram: " + frames);
            assertEquals(20, takeAll(out.address()).size());
        }
    }

    @Test
    void batchesUnansweredThreeTimesInARowSendSinglesForAWhileThenBatchesAgain() throws Exception {
        List<Integer> frames = new CopyOnWriteArrayList<>();
        try (TestNodes.Node out = TestNodes.start();
             FaultyProxy proxy = new FaultyProxy(out.address(), dropRequests(frames, 1, 2, 3));
             Publisher p = publisher(proxy.address(), ns -> { })) {
            addResults(p, "a", 20);
            assertTrue(p.flush(() -> false));
            addResults(p, "b", 20);
            assertTrue(p.flush(() -> false));
            // three lost batches: the network, or a node that ignores batches? Singles for a while tell.
            assertEquals(List.of(20, 20, 20), frames.subList(0, 3), "frames per datagram: " + frames);
            List<Integer> singles = frames.subList(3, 3 + BatchPolicy.FIRST_FALLBACK_DATAGRAMS);
            assertTrue(singles.stream().allMatch(f -> f == 1), "frames per datagram: " + frames);
            assertTrue(frames.get(3 + BatchPolicy.FIRST_FALLBACK_DATAGRAMS) > 1, "then a batch: " + frames);
            assertEquals(20, frames.get(frames.size() - 1), "and batches from then on: " + frames);
            assertEquals(40, takeAll(out.address()).size());
        }
    }

    @Test
    void aNodeThatAnsweredABatchInFullStillGetsBatchesAfterOneIsLost() throws Exception {
        List<Integer> frames = new CopyOnWriteArrayList<>();
        try (TestNodes.Node out = TestNodes.start();
             FaultyProxy proxy = new FaultyProxy(out.address(), dropRequests(frames, 2));
             Publisher p = publisher(proxy.address(), ns -> { })) {
            addResults(p, "a", 20);
            assertTrue(p.flush(() -> false));
            addResults(p, "b", 20);
            assertTrue(p.flush(() -> false));
            addResults(p, "c", 20);
            assertTrue(p.flush(() -> false));
            assertTrue(frames.size() >= 4 && frames.stream().allMatch(f -> f == 20), "frames per datagram: " + frames);
            assertEquals(60, takeAll(out.address()).size());
        }
    }

    /** Plays a queue node that answers the n-th request with the n-th line of verdicts, one per frame (+ or full). */
    private static FaultyProxy.Plan scriptedNode(List<String> verdictsPerRequest) {
        int[] request = {0};
        return (way, client, datagram) -> {
            String verdicts = verdictsPerRequest.get(Math.min(request[0]++, verdictsPerRequest.size() - 1));
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            List<String> commands;
            try {
                commands = Frames.decodeAllText(datagram);
            } catch (FrameException e) {
                throw new IllegalStateException(e);
            }
            for (int k = 0; k < commands.size(); k++) {
                String text = commands.get(k).substring("PUT:".length());
                String r = verdicts.charAt(k) == '+'
                        ? "PUT " + text.getBytes(StandardCharsets.UTF_8).length + " bytes"
                        : "ERR full the queue holds its capacity; nothing was stored";
                reply.writeBytes(Frames.encode(r));
            }
            return List.of(new FaultyProxy.Send(FaultyProxy.Way.DOWN, client, reply.toByteArray(), 0));
        };
    }

    @Test
    void retryBackOffStartsShortAgainOnceTheNodeTakesSomething() throws Exception {
        List<Long> parks = new ArrayList<>();
        // two results: refused twice, then the first taken, then the second refused once and taken
        try (FaultyProxy node = new FaultyProxy(new InetSocketAddress("127.0.0.1", 9),
                scriptedNode(List.of("xx", "xx", "+x", "x", "+")));
             Publisher p = publisher(node.address(), parks::add, Duration.ofSeconds(10))) {
            addResults(p, "r", 2);
            assertTrue(p.flush(() -> false));
        }
        long first = QueueLink.FIRST_RETRY_DELAY_NS;
        assertEquals(List.of(first, 2 * first, first, 2 * first), parks,
                "waits in ms: " + parks.stream().map(TimeUnit.NANOSECONDS::toMillis).toList());
    }
}
