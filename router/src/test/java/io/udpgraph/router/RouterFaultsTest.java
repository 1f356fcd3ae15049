package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Sends 0..n-1 one way through a router with these faults and returns what reached the sink, in order. */
    private static List<Integer> throughRouter(int n, long seed, Path log, FaultSpec... faults) throws Exception {
        try (Udp.Sink sink = new Udp.Sink(false);
             Router router = Router.start(RouterConfig.defaults().upstream(sink.address()).seed(seed)
                     .faults(faults).eventLog(log));
             DatagramSocket client = Udp.client(Duration.ofMillis(100))) {
            RouterCounters c = router.counters();
            // settled: read by the router and not still on the way to the sink, so no socket buffer overflows
            Udp.sendPaced(client, router.address(), Udp.numbered(n), 200, () -> c.get(Direction.UP, Action.RECEIVED)
                    - (c.get(Direction.UP, Action.FORWARDED) - sink.count()));
            Udp.await(() -> router.counters().get(Direction.UP, Action.RECEIVED) == n, WAIT, "the router to read all");
            Udp.await(() -> router.counters().heldDatagrams() == 0, WAIT, "held datagrams to leave");
            long forwarded = router.counters().get(Direction.UP, Action.FORWARDED);
            Udp.await(() -> sink.count() == forwarded, WAIT, forwarded + " datagrams at the sink");
            List<Integer> out = new ArrayList<>();
            for (String t : sink.texts()) {
                out.add(Integer.parseInt(t));
            }
            return out;
        }
    }

    @Test
    void dropThirtyPercentWithASeedDropsThirtyPercentOfTenThousand() throws Exception {
        int n = 10_000;
        List<Integer> got = throughRouter(n, 42, null, FaultSpec.parse("drop", "30%,up"));
        int dropped = n - got.size();
        assertTrue(dropped >= 2700 && dropped <= 3300, "dropped " + dropped + " of " + n);
        assertEquals(got.size(), new HashSet<>(got).size(), "nothing duplicated");
    }

    @Test
    void duplicateSendsEachPickedDatagramItsNumberOfCopies() throws Exception {
        int n = 2000;
        List<Integer> got = throughRouter(n, 7, null, FaultSpec.parse("duplicate", "10%:3,up"));
        Map<Integer, Integer> copies = new HashMap<>();
        for (int v : got) {
            copies.merge(v, 1, Integer::sum);
        }
        assertEquals(n, copies.size(), "every datagram arrived");
        long tripled = copies.values().stream().filter(c -> c == 3).count();
        assertEquals(n, copies.values().stream().filter(c -> c == 1 || c == 3).count(), "1 or 3 copies each");
        assertTrue(tripled > 140 && tripled < 260, tripled + " of " + n + " tripled, expected about 10 %");
    }

    @Test
    void delayHoldsEachPickedDatagramAtLeastItsDecidedDelay(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("events.log");
        int n = 60;
        List<Long> sentAt = new ArrayList<>();
        List<Udp.Sink.Received> arrived;
        try (Udp.Sink sink = new Udp.Sink(false);
             Router router = Router.start(RouterConfig.defaults().upstream(sink.address()).seed(3).eventLog(log)
                     .faults(FaultSpec.parse("delay", "20ms±10ms,up")));
             DatagramSocket client = Udp.client(Duration.ofMillis(100))) {
            for (int i = 0; i < n; i++) {
                sentAt.add(System.nanoTime());
                Udp.send(client, router.address(), Integer.toString(i));
                Thread.sleep(1);
            }
            Udp.await(() -> sink.count() == n, WAIT, "every delayed datagram");
            arrived = sink.received();
        }
        Map<Long, Long> decided = new HashMap<>();
        Pattern p = Pattern.compile("^(\\d+) up \\d+ \\S+ delay#1=([0-9.]+)ms$");
        for (String line : Files.readAllLines(log)) {
            Matcher m = p.matcher(line);
            assertTrue(m.matches(), "a delay line: " + line);
            decided.put(Long.parseLong(m.group(1)), (long) (Double.parseDouble(m.group(2)) * 1e6));
        }
        List<Long> lateness = new ArrayList<>();
        long minDecided = Long.MAX_VALUE;
        long maxDecided = 0;
        for (Udp.Sink.Received r : arrived) {
            int i = Integer.parseInt(r.text());
            long added = r.nanos() - sentAt.get(i);
            long wanted = decided.get(i + 1L);
            minDecided = Math.min(minDecided, wanted);
            maxDecided = Math.max(maxDecided, wanted);
            assertTrue(wanted >= 10_000_000 && wanted <= 30_000_000, "decided delay within 20ms±10ms: " + wanted);
            assertTrue(added >= wanted - 200_000, "datagram " + i + " left early: " + added + " ns < " + wanted);
            lateness.add(added - wanted);
        }
        Collections.sort(lateness);
        assertTrue(maxDecided - minDecided > 5_000_000, "jitter spreads the delays");
        long median = lateness.get(lateness.size() / 2);
        assertTrue(median < 20_000_000, "median datagram left " + median / 1e6 + " ms after its delay (generous bound)");
    }

    @Test
    void reorderChangesTheOrderAndLosesNothing() throws Exception {
        int n = 1000;
        List<Integer> got = throughRouter(n, 11, null, FaultSpec.parse("reorder", "20%:3,up"));
        assertEquals(n, got.size());
        assertEquals(n, new HashSet<>(got).size(), "each exactly once");
        int inversions = 0;
        for (int i = 1; i < got.size(); i++) {
            if (got.get(i) < got.get(i - 1)) {
                inversions++;
            }
        }
        assertTrue(inversions > 100, inversions + " places out of order");
    }

    @Test
    void gilbertElliottLossesComeInBursts() throws Exception {
        int n = 10_000;
        List<Integer> bursty = throughRouter(n, 5, null, FaultSpec.parse("gilbert-elliott", "5%,20%,up"));
        List<Integer> independent = throughRouter(n, 5, null, FaultSpec.parse("drop", "20%,up"));
        double[] ge = bursts(bursty, n);
        double[] iid = bursts(independent, n);
        assertTrue(ge[0] > 0.12 && ge[0] < 0.28, "Gilbert-Elliott loss near p/(p+r) = 20 %: " + ge[0]);
        assertTrue(iid[0] > 0.17 && iid[0] < 0.23, "independent loss near 20 %: " + iid[0]);
        assertTrue(ge[1] > 3.0, "Gilbert-Elliott mean burst near 1/r = 5: " + ge[1]);
        assertTrue(iid[1] < 1.6, "independent mean burst near 1/(1-0.2) = 1.25: " + iid[1]);
    }

    /** Loss rate and mean length of runs of consecutive lost sequence numbers. */
    private static double[] bursts(List<Integer> received, int n) {
        boolean[] got = new boolean[n];
        for (int v : received) {
            got[v] = true;
        }
        int lost = 0;
        int runs = 0;
        for (int i = 0; i < n; i++) {
            if (!got[i]) {
                lost++;
                if (i == 0 || got[i - 1]) {
                    runs++;
                }
            }
        }
        return new double[] {lost / (double) n, runs == 0 ? 0 : lost / (double) runs};
    }

    @Test
    void rateLimitQueuesWhatItCanAndDropsTheRest() throws Exception {
        int n = 300;
        try (Udp.Sink sink = new Udp.Sink(false);
             Router router = Router.start(RouterConfig.defaults().upstream(sink.address())
                     .faults(FaultSpec.parse("rate", "100/s:20,up")));
             DatagramSocket client = Udp.client(Duration.ofMillis(100))) {
            for (byte[] d : Udp.numbered(n)) {
                Udp.send(client, router.address(), d);
            }
            RouterCounters c = router.counters();
            Udp.await(() -> c.get(Direction.UP, Action.FORWARDED) + c.get(Direction.UP, Action.RATE_LIMITED) == n,
                    WAIT, "every datagram forwarded or rate-limited");
            assertTrue(c.get(Direction.UP, Action.RATE_LIMITED) > 0, "a burst of " + n + " overflows a queue of 20");
            assertTrue(c.get(Direction.UP, Action.RATE_QUEUED) >= 20, "the queue filled");
            Udp.await(() -> sink.count() == c.get(Direction.UP, Action.FORWARDED), WAIT, "the sink");
            List<String> texts = sink.texts();
            List<Integer> order = new ArrayList<>();
            for (String t : texts) {
                order.add(Integer.parseInt(t));
            }
            List<Integer> sorted = new ArrayList<>(order);
            Collections.sort(sorted);
            assertEquals(sorted, order, "a rate limit keeps the order");
        }
    }

    @Test
    void heldDatagramsAreBoundedAndTheOverflowIsCounted() throws Exception {
        try (Udp.Sink sink = new Udp.Sink(false);
             Router router = Router.start(RouterConfig.defaults().upstream(sink.address()).maxHeldDatagrams(100)
                     .faults(FaultSpec.parse("delay", "10s,up")));
             DatagramSocket client = Udp.client(Duration.ofMillis(100))) {
            Udp.sendPaced(client, router.address(), Udp.numbered(300), 50,
                    () -> router.counters().get(Direction.UP, Action.RECEIVED));
            Udp.await(() -> router.counters().get(Direction.UP, Action.RECEIVED) == 300, WAIT, "all read");
            assertEquals(100, router.counters().heldDatagrams());
            assertEquals(200, router.counters().get(Direction.UP, Action.OVERFLOWED));
            assertEquals(0, sink.count());
        }
    }

    @Test
    void aVerbFilterDownwardsHitsOnlyTheRepliesToThatVerb() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             Router router = Router.start(RouterConfig.defaults().upstream(node.address())
                     .faults(FaultSpec.parse("drop", "100%,down,GET")));
             MqClient client = MqClient.connect(router.address(),
                     MqClient.Options.defaults().timeout(Duration.ofMillis(200)).retries(0))) {
            assertEquals(5, client.put("hello"));
            assertEquals(1, client.size());
            assertThrows(MqException.Timeout.class, client::get, "the reply to GET is dropped");
            assertEquals(0, client.size(), "the GET itself reached the node");
        }
    }

    @Test
    void aVerbFilterUpwardsHitsOnlyThoseRequests() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             Router router = Router.start(RouterConfig.defaults().upstream(node.address())
                     .faults(FaultSpec.parse("drop", "100%,up,PUT")));
             DatagramSocket client = Udp.client(Duration.ofMillis(200))) {
            Udp.send(client, router.address(), Frames.encode("PUT:lost"));
            assertNull(Udp.receive(client), "PUT dropped");
            Udp.send(client, router.address(), Frames.encode("SIZE"));
            byte[] size = Udp.receive(client);
            assertNotNull(size);
            assertEquals("0", Frames.decodeText(size));
            assertEquals(1, router.counters().get(Direction.UP, Action.DROPPED));
        }
    }

    @Test
    void differentSeedsDropDifferentDatagrams() throws Exception {
        List<Integer> a = throughRouter(500, 1, null, FaultSpec.parse("drop", "30%,up"));
        List<Integer> b = throughRouter(500, 2, null, FaultSpec.parse("drop", "30%,up"));
        assertNotEquals(new HashSet<>(a), new HashSet<>(b));
        Set<Integer> again = new HashSet<>(throughRouter(500, 1, null, FaultSpec.parse("drop", "30%,up")));
        assertEquals(new HashSet<>(a), again, "the same seed drops the same datagrams");
    }
}
