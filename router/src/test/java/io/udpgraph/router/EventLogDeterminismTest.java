package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.Frames;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogDeterminismTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int EACH_WAY = 1500;

    private static List<FaultSpec> everyKind() {
        List<FaultSpec> f = new ArrayList<>();
        f.add(FaultSpec.parse("gilbert-elliott", "2%,30%"));
        f.add(FaultSpec.parse("drop", "10%"));
        f.add(FaultSpec.parse("drop", "20%,down,GET"));
        f.add(FaultSpec.parse("random", "5%"));
        f.add(FaultSpec.parse("garble", "5%:text:byte"));
        f.add(FaultSpec.parse("garble", "5%:header,up"));
        f.add(FaultSpec.parse("duplicate", "5%:3"));
        f.add(FaultSpec.parse("delay", "2ms±1ms@10%"));
        f.add(FaultSpec.parse("reorder", "5%:2"));
        return f;
    }

    /**
     * Sends {@link #EACH_WAY} requests up, then (once all of them are through) {@link #EACH_WAY} datagrams from
     * the upstream down to the same client, so each direction sees one fixed input sequence.
     */
    private static void run(long seed, Path log) throws Exception {
        try (DatagramSocket upstream = Udp.client(Duration.ofSeconds(5));
             Router router = Router.start(RouterConfig.defaults().upstream((InetSocketAddress) upstream.getLocalSocketAddress())
                     .seed(seed).faults(everyKind()).eventLog(log));
             DatagramSocket client = Udp.client(Duration.ofMillis(100))) {
            String[] verbs = {"PUT:message ", "GET", "SIZE", "PUT:another message "};
            List<byte[]> requests = new ArrayList<>();
            for (int i = 0; i < EACH_WAY; i++) {
                String v = verbs[i % verbs.length];
                requests.add(Frames.encode(v.endsWith(" ") ? v + i : v));
            }
            // replies count as the verb of their session's last request: make it GET
            requests.set(EACH_WAY - 1, Frames.encode("GET"));
            RouterCounters c = router.counters();
            Udp.sendPaced(client, router.address(), requests, 100, () -> c.get(Direction.UP, Action.RECEIVED));
            Udp.await(() -> c.get(Direction.UP, Action.RECEIVED) == EACH_WAY && c.heldDatagrams() == 0, WAIT,
                    "every request through");
            DatagramPacket first = new DatagramPacket(new byte[65_536], 65_536);
            upstream.receive(first);
            InetSocketAddress session = (InetSocketAddress) first.getSocketAddress();
            List<byte[]> replies = new ArrayList<>();
            for (int i = 0; i < EACH_WAY; i++) {
                replies.add(Frames.encode("reply " + i));
            }
            Udp.sendPaced(upstream, session, replies, 100, () -> c.get(Direction.DOWN, Action.RECEIVED));
            Udp.await(() -> c.get(Direction.DOWN, Action.RECEIVED) == EACH_WAY && c.heldDatagrams() == 0, WAIT,
                    "every reply through");
        }
    }

    @Test
    void theSameSeedGivesByteIdenticalEventLogs(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first.log");
        Path second = dir.resolve("second.log");
        run(20240611L, first);
        run(20240611L, second);
        byte[] a = Files.readAllBytes(first);
        byte[] b = Files.readAllBytes(second);
        List<String> lines = Files.readAllLines(first);
        assertEquals(2 * EACH_WAY, lines.size(), "one line per datagram");
        for (String action : List.of("drop#", "ge-drop#", "random#", "garble#", "dup#", "delay#", "reorder#", " pass")) {
            assertTrue(lines.stream().anyMatch(l -> l.contains(action)), "the log shows " + action);
        }
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\d+ down \\d+ GET drop#3")), "replies to GET dropped");
        assertArrayEquals(a, b, "same seed, same input: same log");
    }

    @Test
    void anotherSeedGivesAnotherEventLog(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first.log");
        Path second = dir.resolve("second.log");
        run(1, first);
        run(2, second);
        assertFalse(Arrays.equals(Files.readAllBytes(first), Files.readAllBytes(second)));
    }

    @Test
    void aNoteIsWrittenAsItsOwnCommentLineAndTheControlApiTakesOne(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("notes.log");
        try (DatagramSocket upstream = Udp.client(Duration.ofSeconds(5));
             Router router = Router.start(RouterConfig.defaults().upstream((InetSocketAddress) upstream.getLocalSocketAddress())
                     .eventLog(log).control(new io.udpgraph.protocol.HostPort("127.0.0.1", 0)))) {
            router.note("schedule 1.000s partition r-in");
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                            + router.controlAddress().orElseThrow().getPort() + "/notes"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"text\": \"heal r-in\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(204, r.statusCode(), r.body());
            Udp.await(() -> {
                try {
                    return Files.readString(log).contains("# heal r-in");
                } catch (java.io.IOException e) {
                    return false;
                }
            }, WAIT, "both notes");
        }
        assertEquals(List.of("# schedule 1.000s partition r-in", "# heal r-in"), Files.readAllLines(log));
    }
}
