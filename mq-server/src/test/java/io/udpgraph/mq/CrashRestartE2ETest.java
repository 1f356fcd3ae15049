package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.Lease;
import io.udpgraph.protocol.LeaseId;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance crash test of the durable queue node: {@code scripts/mq-server --fsync always}, and {@code interval}
 * (whose turns stage their records and write them once before the replies), under PUT, LEASE
 * and ACK load from several client threads is killed with SIGKILL and restarted, again and again. Afterwards no
 * PUT that got its reply is lost, no message whose ACK got its reply comes back, and every message left is
 * accounted for: an acknowledged PUT not ACKed, or one whose reply was cut off by a kill.
 */
class CrashRestartE2ETest {
    private static final int KILLS = 20;
    private static final int PRODUCERS = 2;
    private static final Duration TIMEOUT = Duration.ofMillis(400);

    @TempDir
    Path dir;

    /** What the clients know, across every incarnation of the node. */
    private final Set<String> putAcknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> putUncertain = ConcurrentHashMap.newKeySet();
    private final Set<String> ackAcknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> ackUncertain = ConcurrentHashMap.newKeySet();
    private final AtomicLong errorReplies = new AtomicLong();
    private final AtomicLong leased = new AtomicLong();

    @ParameterizedTest(name = "--fsync {0}")
    @ValueSource(strings = {"always", "interval"})
    @Timeout(180)
    void killedAndRestartedNodeLosesNoAcknowledgedPutAndResurrectsNoAckedMessage(String fsync) throws Exception {
        Random random = new Random(20_261_202L);
        long[] nextMessage = new long[PRODUCERS];
        for (int kill = 1; kill <= KILLS; kill++) {
            try (Scripts.Server server = startDurable(fsync)) {
                assertKillHitsTheJvm(server);
                InetSocketAddress at = new InetSocketAddress("127.0.0.1", server.port);
                AtomicBoolean running = new AtomicBoolean(true);
                List<Thread> clients = new ArrayList<>();
                for (int p = 0; p < PRODUCERS; p++) {
                    int producer = p;
                    clients.add(start("producer-" + p, () -> produce(at, producer, nextMessage, running)));
                }
                clients.add(start("consumer", () -> consume(at, running)));
                Thread.sleep(100 + random.nextInt(300)); // kill at a different point of the load each time
                server.process.destroyForcibly();
                assertTrue(server.process.waitFor(10, TimeUnit.SECONDS), "SIGKILL did not end the node");
                running.set(false);
                for (Thread t : clients) {
                    t.join(TimeUnit.SECONDS.toMillis(10));
                    assertTrue(!t.isAlive(), t.getName() + " did not stop");
                }
            }
        }

        List<String> left = new ArrayList<>();
        try (Scripts.Server server = startDurable(fsync);
             // A GET is not repeated on a timeout, so give the freshly started node time to answer under load.
             MqClient client = MqClient.connect(new InetSocketAddress("127.0.0.1", server.port),
                     MqClient.Options.defaults().timeout(Duration.ofSeconds(10)))) {
            long size = client.size();
            for (List<byte[]> batch; !(batch = client.get(200, Duration.ZERO)).isEmpty(); ) {
                batch.forEach(b -> left.add(new String(b, StandardCharsets.UTF_8)));
            }
            assertEquals(size, left.size(), "SIZE after the last restart counts what could be taken");
            assertEquals(0, client.stats().get("leased"), "no lease survives a restart");
            assertEquals(0, server.stop());
        }

        assertEquals(0, errorReplies.get(), "the node answered no request with ERR");
        assertTrue(putAcknowledged.size() > 100 && ackAcknowledged.size() > 20 && leased.get() > 20,
                "the load did work: " + putAcknowledged.size() + " PUTs acknowledged, " + ackAcknowledged.size()
                        + " ACKed");
        Set<String> leftSet = new HashSet<>(left);
        assertEquals(left.size(), leftSet.size(), "no message is there twice");

        Set<String> lost = new HashSet<>(putAcknowledged);
        lost.removeAll(leftSet);
        lost.removeAll(ackAcknowledged);
        lost.removeAll(ackUncertain);
        assertEquals(Set.of(), lost, "acknowledged PUTs neither left in the queue nor ACKed by a consumer");

        Set<String> resurrected = new HashSet<>(ackAcknowledged);
        resurrected.retainAll(leftSet);
        assertEquals(Set.of(), resurrected, "ACKed messages that came back");

        Set<String> unknown = new HashSet<>(leftSet);
        unknown.removeAll(putAcknowledged);
        unknown.removeAll(putUncertain);
        assertEquals(Set.of(), unknown, "messages nobody put");

        // The exact count: every acknowledged PUT that no ACK (certain or cut off by a kill) removed is there, plus
        // the PUTs whose reply a kill cut off but whose record reached the log.
        Set<String> expectedFromAcknowledged = new HashSet<>(putAcknowledged);
        expectedFromAcknowledged.removeAll(ackAcknowledged);
        long removedByUncertainAcks = expectedFromAcknowledged.stream()
                .filter(m -> ackUncertain.contains(m) && !leftSet.contains(m)).count();
        long uncertainPutsStored = putUncertain.stream().filter(leftSet::contains).count();
        assertEquals(expectedFromAcknowledged.size() - removedByUncertainAcks + uncertainPutsStored, left.size(),
                "messages left: " + putAcknowledged.size() + " PUTs acknowledged, " + putUncertain.size()
                        + " cut off by a kill (" + uncertainPutsStored + " of them stored), " + ackAcknowledged.size()
                        + " ACKed, " + ackUncertain.size() + " ACKs cut off (" + removedByUncertainAcks
                        + " of them took effect)");
        assertTrue(putUncertain.size() <= KILLS * PRODUCERS, "at most one PUT in flight per producer per kill");
        System.out.printf("%d kills: %d PUTs acknowledged, %d cut off (%d stored), %d leases, %d ACKed, %d ACKs cut off,"
                + " %d messages left%n", KILLS, putAcknowledged.size(), putUncertain.size(), uncertainPutsStored,
                leased.get(), ackAcknowledged.size(), ackUncertain.size(), left.size());
    }

    private Scripts.Server startDurable(String fsync) throws Exception {
        // Thirteen JVM starts: the quick-start compiler keeps them short, and the node is not measured here.
        return Scripts.Server.start(Map.of("UDPGRAPH_QUICK_START", "1"), "--data-dir", dir.toString(), "--fsync", fsync, "--segment-bytes", "65536",
                "--compaction-interval", "100ms");
    }

    /** The launcher execs java, so the process the test holds is the JVM itself and SIGKILL hits the node. */
    private static void assertKillHitsTheJvm(Scripts.Server server) {
        String command = server.process.info().command().orElse("java");
        assertTrue(command.endsWith("/java") || command.endsWith("java"), "the process is " + command + ", not java");
        assertEquals(0, server.process.descendants().count(), "the node runs in the launched process itself");
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static MqClient connect(InetSocketAddress at) {
        try {
            return MqClient.connect(at, MqClient.Options.defaults().timeout(TIMEOUT).retries(0));
        } catch (IOException e) {
            throw new AssertionError("cannot open a client socket", e);
        }
    }

    private void produce(InetSocketAddress at, int producer, long[] nextMessage, AtomicBoolean running) {
        try (MqClient client = connect(at)) {
            while (running.get()) {
                String text = "p" + producer + "-" + nextMessage[producer]++;
                try {
                    client.put(text);
                    putAcknowledged.add(text);
                } catch (MqException.ErrorReply e) {
                    errorReplies.incrementAndGet();
                    putUncertain.add(text);
                } catch (IOException e) {
                    // No reply: the node died before or after storing it. Either is allowed; the node is gone, so stop.
                    putUncertain.add(text);
                    return;
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void consume(InetSocketAddress at, AtomicBoolean running) {
        try (MqClient client = connect(at)) {
            while (running.get()) {
                List<Lease> got;
                try {
                    got = client.lease(8, Duration.ofMinutes(5), Duration.ofMillis(50));
                } catch (MqException.ErrorReply e) {
                    errorReplies.incrementAndGet();
                    continue;
                } catch (IOException e) {
                    return; // leases cut off by the kill end with the node; their messages stay
                }
                if (got.isEmpty()) {
                    continue;
                }
                leased.addAndGet(got.size());
                LeaseId[] ids = got.stream().map(Lease::leaseId).toArray(LeaseId[]::new);
                List<String> texts = got.stream().map(Lease::text).toList();
                try {
                    int removed = client.ack(ids);
                    if (removed == ids.length) {
                        ackAcknowledged.addAll(texts);
                    } else {
                        ackUncertain.addAll(texts); // not expected: the leases are minutes long
                    }
                } catch (IOException e) {
                    ackUncertain.addAll(texts);
                    return;
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
