package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.MqClient;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RouterPassThroughTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** A loaded machine may take a while; nothing is lost on loopback without faults. */
    private static final MqClient.Options PATIENT = MqClient.Options.defaults().timeout(Duration.ofSeconds(3));

    @Test
    void getPutAndSizeAreTransparentForSeveralClientsAtOnce() throws Exception {
        int clients = 4;
        int perClient = 200;
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             Router router = Router.start(RouterConfig.defaults().upstream(node.address()))) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<List<String>>> puts = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                puts.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    try (MqClient client = MqClient.connect(router.address(), PATIENT)) {
                        for (int i = 0; i < perClient; i++) {
                            String text = "client-" + id + "-message-" + i + "-" + "x".repeat(id * 7);
                            // each reply names this client's own byte count, so a misrouted reply would show
                            assertEquals(text.length(), client.put(text));
                            mine.add(text);
                        }
                    }
                    return mine;
                }));
            }
            Set<String> sent = new HashSet<>();
            for (Future<List<String>> f : puts) {
                sent.addAll(f.get());
            }
            try (MqClient client = MqClient.connect(router.address(), PATIENT)) {
                assertEquals(clients * perClient, client.size());
            }
            List<Future<List<String>>> gets = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                gets.add(pool.submit(() -> {
                    List<String> got = new ArrayList<>();
                    try (MqClient client = MqClient.connect(router.address(), PATIENT)) {
                        for (String m = client.getText(); !m.isEmpty(); m = client.getText()) {
                            got.add(m);
                        }
                    }
                    return got;
                }));
            }
            List<String> taken = new ArrayList<>();
            for (Future<List<String>> f : gets) {
                taken.addAll(f.get());
            }
            pool.shutdown();
            assertEquals(sent.size(), taken.size(), "every message taken exactly once");
            assertEquals(sent, new HashSet<>(taken));
            assertEquals(0, node.size());
            RouterCounters c = router.counters();
            // a client may read the last reply a moment before the router counts it as sent
            Udp.await(() -> c.get(Direction.DOWN, Action.RECEIVED) == c.get(Direction.DOWN, Action.FORWARDED), WAIT,
                    "every reply counted as forwarded");
            assertEquals(c.get(Direction.UP, Action.RECEIVED), c.get(Direction.UP, Action.FORWARDED));
            assertTrue(c.sessionsOpened() >= 2 * clients + 1, "one session per client socket");
        }
    }

    @Test
    void oneWayPutsWithoutReadingTheRepliesReachTheNode() throws Exception {
        int n = 500;
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             Router router = Router.start(RouterConfig.defaults().upstream(node.address()));
             DatagramSocket worker = Udp.client(Duration.ofMillis(100))) {
            List<byte[]> puts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                puts.add(Frames.encode("PUT:result-" + i));
            }
            Udp.sendPaced(worker, router.address(), puts, 100,
                    () -> router.counters().get(Direction.UP, Action.RECEIVED));
            Udp.await(() -> node.size() == n, WAIT, n + " messages in the node");
            Udp.await(() -> router.counters().get(Direction.DOWN, Action.FORWARDED) == n, WAIT,
                    "the unread replies to be relayed anyway");
        }
    }

    @Test
    void anyBytesPassUnchangedAndTheRouterKeepsServing() throws Exception {
        Random random = new Random(1);
        try (Udp.Sink echo = new Udp.Sink(true);
             Router router = Router.start(RouterConfig.defaults().upstream(echo.address()));
             DatagramSocket client = Udp.client(Duration.ofSeconds(2))) {
            List<byte[]> odd = new ArrayList<>();
            odd.add(new byte[0]);
            odd.add(new byte[] {'0'});
            odd.add("1fGETX".getBytes());
            odd.add("14PING".getBytes());
            odd.add(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
            byte[] big = new byte[Frames.MAX_DATAGRAM_BYTES];
            random.nextBytes(big);
            odd.add(big);
            for (int i = 0; i < 20; i++) {
                byte[] b = new byte[random.nextInt(300)];
                random.nextBytes(b);
                odd.add(b);
            }
            for (byte[] d : odd) {
                Udp.send(client, router.address(), d);
                byte[] back = Udp.receive(client);
                assertNotNull(back, "echo of " + d.length + " bytes came back through the router");
                assertArrayEquals(d, back);
            }
            assertEquals(0, router.counters().errors());
        }
    }

    @Test
    void roundRobinSpreadsRequestsOverEveryUpstream() throws Exception {
        try (Udp.Sink a = new Udp.Sink(true);
             Udp.Sink b = new Udp.Sink(true);
             Router router = Router.start(RouterConfig.defaults().upstream(
                     HostPort.of(a.address()), HostPort.of(b.address())));
             DatagramSocket client = Udp.client(Duration.ofSeconds(2))) {
            for (int i = 0; i < 10; i++) {
                Udp.send(client, router.address(), "13GET");
                assertNotNull(Udp.receive(client), "reply " + i + " came back from either upstream");
            }
            assertEquals(5, a.count());
            assertEquals(5, b.count());
        }
    }

    @Test
    void clientHashKeepsEachClientOnOneUpstream() throws Exception {
        try (Udp.Sink a = new Udp.Sink(true);
             Udp.Sink b = new Udp.Sink(true);
             Router router = Router.start(RouterConfig.defaults().balance(Balance.CLIENT_HASH).upstream(
                     HostPort.of(a.address()), HostPort.of(b.address())))) {
            for (int c = 0; c < 8; c++) {
                try (DatagramSocket client = Udp.client(Duration.ofSeconds(2))) {
                    int beforeA = a.count();
                    int beforeB = b.count();
                    for (int i = 0; i < 5; i++) {
                        Udp.send(client, router.address(), "13GET");
                        assertNotNull(Udp.receive(client));
                    }
                    int toA = a.count() - beforeA;
                    int toB = b.count() - beforeB;
                    assertTrue(toA == 5 && toB == 0 || toA == 0 && toB == 5,
                            "client " + c + " went to one upstream only: " + toA + " and " + toB);
                }
            }
        }
    }

    @Test
    void aFullSessionTableEvictsTheLeastRecentlyActiveClient() throws Exception {
        try (Udp.Sink echo = new Udp.Sink(true);
             Router router = Router.start(RouterConfig.defaults().upstream(echo.address()).maxSessions(2));
             DatagramSocket first = Udp.client(Duration.ofSeconds(2));
             DatagramSocket second = Udp.client(Duration.ofSeconds(2));
             DatagramSocket third = Udp.client(Duration.ofSeconds(2))) {
            for (DatagramSocket s : List.of(first, second, third)) {
                Udp.send(s, router.address(), "13GET");
                assertNotNull(Udp.receive(s));
            }
            assertEquals(1, router.counters().sessionsEvicted());
            assertEquals(2, router.counters().sessionsActive());
            Udp.send(first, router.address(), "13GET");
            assertNotNull(Udp.receive(first), "an evicted client simply gets a new session");
        }
    }

    @Test
    void aRouterRefusesToForwardToItself() throws Exception {
        int port;
        try (DatagramSocket probe = Udp.client(Duration.ofMillis(100))) {
            port = probe.getLocalPort();
        }
        RouterConfig loop = RouterConfig.defaults().port(port).upstream(new HostPort("127.0.0.1", port));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            try (Router r = Router.start(loop)) {
                assertNotNull(r, "started although it forwards to itself");
            }
        });
        assertTrue(e.getMessage().contains("own listen address"), e.getMessage());
    }

    @Test
    void anIdleSessionExpires() throws Exception {
        try (Udp.Sink echo = new Udp.Sink(true);
             Router router = Router.start(RouterConfig.defaults().upstream(echo.address())
                     .sessionIdle(Duration.ofMillis(50)));
             DatagramSocket client = Udp.client(Duration.ofSeconds(2))) {
            Udp.send(client, router.address(), "13GET");
            assertNotNull(Udp.receive(client));
            Udp.await(() -> router.counters().sessionsExpired() == 1, WAIT, "the idle session to expire");
            assertEquals(0, router.counters().sessionsActive());
        }
    }
}
