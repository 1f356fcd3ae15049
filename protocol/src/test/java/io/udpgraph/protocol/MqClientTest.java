package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The client against a scripted peer: framing, retries of safe commands only, timeouts, checksums. */
class MqClientTest {
    private static final MqClient.Options FAST = MqClient.Options.defaults().timeout(Duration.ofMillis(100));
    /** For tests where every request is answered: a loaded machine must not turn a slow answer into a failure. */
    private static final MqClient.Options PATIENT = MqClient.Options.defaults().timeout(Duration.ofSeconds(5));
    /** For tests where a request may stay unanswered on purpose. */
    private static final MqClient.Options ONE_TRY = MqClient.Options.defaults().timeout(Duration.ofMillis(500))
            .retries(0);

    private static byte[] frame(String s) {
        return Frames.encode(s);
    }

    @Test
    void putSendsTheClassicFrameAndReadsTheByteCount() throws Exception {
        byte[][] seen = new byte[1][];
        try (FakeNode node = new FakeNode(req -> {
            seen[0] = req;
            return List.of(frame("PUT 11 bytes"));
        }); MqClient client = MqClient.connect(node.address(), FAST)) {
            assertEquals(11, client.put("Hello world"));
            assertArrayEquals("1fPUT:Hello world".getBytes(StandardCharsets.US_ASCII), seen[0]);
        }
    }

    @Test
    void getOfTheEmptyFrameIsAnEmptyMessage() throws Exception {
        try (FakeNode node = new FakeNode(req -> List.of(Frames.EMPTY_FRAME));
             MqClient client = MqClient.connect(node.address(), FAST)) {
            assertEquals("", client.getText());
            assertEquals(List.of(), client.get(5, Duration.ZERO));
        }
    }

    @Test
    void sizeIsRetriedAfterLostRepliesAndTheRetriesAreCounted() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (FakeNode node = new FakeNode(req -> n.incrementAndGet() <= 2 ? null : List.of(frame("7")));
             MqClient client = MqClient.connect(node.address(), FAST)) {
            assertEquals(7, client.size());
            assertEquals(2, client.retries());
            assertEquals(2, client.timeouts());
        }
    }

    @Test
    void putIsNotRetriedUnlessDuplicatesAreAllowed() throws Exception {
        try (FakeNode node = new FakeNode(req -> null);
             MqClient client = MqClient.connect(node.address(), FAST)) {
            MqException.Timeout e = assertThrows(MqException.Timeout.class, () -> client.put("x"));
            assertTrue(e.getMessage().contains("1 attempt"), e.getMessage());
            assertEquals(1, node.requests.get());
        }
    }

    @Test
    void putIsRetriedWhenDuplicatesAreAllowed() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (FakeNode node = new FakeNode(req -> n.incrementAndGet() == 1 ? null : List.of(frame("PUT 1 bytes")));
             MqClient client = MqClient.connect(node.address(), FAST.retryPuts(true))) {
            assertEquals(1, client.put("x"));
            assertEquals(1, client.retries());
        }
    }

    @Test
    void timeoutAfterEveryRetryNamesTheServerAndTheAttempts() throws Exception {
        try (FakeNode node = new FakeNode(req -> null);
             MqClient client = MqClient.connect(node.address(), FAST.retries(2))) {
            MqException.Timeout e = assertThrows(MqException.Timeout.class, client::size);
            assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
            assertTrue(e.getMessage().contains(HostPort.of(node.address()).toString()), e.getMessage());
        }
    }

    @Test
    void errorRepliesBecomeTypedExceptions() throws Exception {
        try (FakeNode node = new FakeNode(req -> List.of(frame("ERR full queue holds 3 of 3 messages")));
             MqClient client = MqClient.connect(node.address(), FAST)) {
            MqException.ErrorReply e = assertThrows(MqException.ErrorReply.class, () -> client.put("x"));
            assertEquals(ErrorReason.FULL, e.reason());
        }
    }

    @Test
    void aClosedPortIsReportedAsNothingListening() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (MqClient client = MqClient.connect(new InetSocketAddress("127.0.0.1", port), FAST.retries(0))) {
            MqException e = assertThrows(MqException.class, client::size);
            assertTrue(e.getMessage().contains("nothing listens") || e instanceof MqException.Timeout, e.getMessage());
        }
    }

    @Test
    void checksummedRequestsAreWrappedAndGarbledRepliesAreRetried() throws Exception {
        AtomicInteger n = new AtomicInteger();
        byte[][] seen = new byte[1][];
        try (FakeNode node = new FakeNode(req -> {
            seen[0] = req;
            String good = Integrity.wrap("5");
            String bad = good.substring(0, good.length() - 1) + "6";
            return List.of(frame(n.incrementAndGet() == 1 ? bad : good));
        }); MqClient client = MqClient.connect(node.address(), FAST.checksums(true))) {
            assertEquals(5, client.size());
            assertEquals(1, client.badReplies());
            assertEquals(Frames.decodeText(seen[0]), Integrity.wrap("SIZE"));
        }
    }

    @Test
    void aBatchWrittenWithTheRequestWriterGoesOutAsOneChecksummedDatagram() throws Exception {
        byte[][] seen = new byte[1][];
        try (FakeNode node = new FakeNode(req -> {
            seen[0] = req;
            return List.of(concat(frame(Integrity.wrap("PUT 1 bytes")), frame(Integrity.wrap("PUT 2 bytes"))));
        }); MqClient client = MqClient.connect(node.address(), FAST.checksums(true))) {
            List<Reply> replies = client.send(w -> w.put("a".getBytes(StandardCharsets.UTF_8))
                    .putWithId("in-1.0", "bc".getBytes(StandardCharsets.UTF_8)), r -> r.size() == 2);
            assertEquals(List.of(Reply.of("PUT 1 bytes"), Reply.of("PUT 2 bytes")), replies);
            assertEquals(List.of(Integrity.wrap("PUT:a"), Integrity.wrap("PUTID:in-1.0:bc")),
                    Frames.decodeAllText(seen[0]));
        }
    }

    @Test
    void aLateReplyToATimedOutRequestIsNotTakenForTheNextReply() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (FakeNode node = new FakeNode(req -> {
            int k = n.incrementAndGet();
            if (k == 1) {
                try {
                    Thread.sleep(250); // answer only after the client gave up
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of(frame("stale"));
            }
            return List.of(frame("fresh"));
        }); MqClient client = MqClient.connect(node.address(), FAST.retries(0))) {
            assertThrows(MqException.Timeout.class, client::get);
            Thread.sleep(400);
            assertEquals("fresh", client.getText());
        }
    }

    @Test
    void aDuplicatedReplyIsNotTakenForTheNextReply() throws Exception {
        try (FakeNode node = new FakeNode(req -> {
            String text = new String(req, java.nio.charset.StandardCharsets.UTF_8);
            byte[] reply = frame(text.equals("14SIZE") ? "3" : "message");
            return List.of(reply, reply); // as a duplicating router would deliver it
        }); MqClient client = MqClient.connect(node.address(), FAST)) {
            assertEquals(3, client.size());
            Thread.sleep(50);
            assertEquals("message", client.getText());
            Thread.sleep(50);
            assertEquals(3, client.size());
        }
    }

    @Test
    void leaseRepliesParseIntoLeases() throws Exception {
        try (FakeNode node = new FakeNode(req -> List.of(
                concat(frame("41.9c1f0e3a5b7d2e81 1 src-7 hello"), frame("42.9c1f0e3a5b7d2e81 3 - world"))));
             MqClient client = MqClient.connect(node.address(), FAST)) {
            List<Lease> leases = client.lease(2, Duration.ofSeconds(30), Duration.ZERO);
            assertEquals(2, leases.size());
            assertEquals("src-7", leases.get(0).messageId());
            assertEquals(3, leases.get(1).deliveries());
            assertEquals("world", leases.get(1).text());
        }
    }

    @Test
    void statsParseIntoNamedCounts() throws Exception {
        try (FakeNode node = new FakeNode(req -> List.of(frame("visible=3 leased=2 dead-lettered=0")));
             MqClient client = MqClient.connect(node.address(), FAST)) {
            Map<String, Long> stats = client.stats();
            assertEquals(3L, stats.get("visible"));
            assertEquals(2L, stats.get("leased"));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return SeedVectors.concat(a, b);
    }

    @Test
    void aReplyThatCannotAnswerThePutIsDroppedAndTheRealOneTaken() throws Exception {
        try (FakeNode node = new FakeNode(req -> List.of(frame("PUT 3 bytes"), frame("PUT 4 bytes")));
             MqClient client = MqClient.connect(node.address(), PATIENT)) {
            assertEquals(4, client.put("four"));
            assertEquals(1, client.staleReplies());
        }
    }

    @Test
    void aPutReplyCountingCharactersAsTheOriginalNodeDidIsAccepted() throws Exception {
        try (FakeNode node = new FakeNode(req -> List.of(frame("PUT 2 bytes")));
             MqClient client = MqClient.connect(node.address(), PATIENT)) {
            assertEquals(2, client.put("\u00e9\u00e9")); // two characters, four bytes
        }
    }

    @Test
    void aRepeatedLeaseReplyIsDroppedAndTheRealOneTaken() throws Exception {
        AtomicInteger n = new AtomicInteger();
        byte[] first = frame("41.9c1f0e3a5b7d2e81 1 - a");
        try (FakeNode node = new FakeNode(req -> n.incrementAndGet() == 1
                ? List.of(first)
                : List.of(first, frame("42.9c1f0e3a5b7d2e81 1 - b"))); // the first reply again, late, then the real one
             MqClient client = MqClient.connect(node.address(), PATIENT)) {
            assertEquals(41, client.lease(5, Duration.ofSeconds(30), Duration.ZERO).get(0).leaseId().sequence());
            List<Lease> second = client.lease(5, Duration.ofSeconds(30), Duration.ZERO);
            assertEquals(1, second.size());
            assertEquals(42, second.get(0).leaseId().sequence());
            assertEquals(1, client.staleReplies());
        }
    }

    @Test
    void aRedeliveryOfAnEarlierLeaseIsANewGrant() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (FakeNode node = new FakeNode(req -> List.of(frame("41.9c1f0e3a5b7d2e81 " + n.incrementAndGet() + " - a")));
             MqClient client = MqClient.connect(node.address(), PATIENT)) {
            assertEquals(1, client.lease(5, Duration.ofSeconds(30), Duration.ZERO).get(0).deliveries());
            assertEquals(2, client.lease(5, Duration.ofSeconds(30), Duration.ZERO).get(0).deliveries());
        }
    }

    @Test
    void ackRidesInFrontOfLeaseInOneDatagram() throws Exception {
        byte[][] seen = new byte[1][];
        try (FakeNode node = new FakeNode(req -> {
            seen[0] = req;
            return List.of(concat(frame("ACK 2"), frame("43.9c1f0e3a5b7d2e81 1 - c")));
        }); MqClient client = MqClient.connect(node.address(), PATIENT)) {
            LeaseId[] ids = {new LeaseId(41, 0x9c1f0e3a5b7d2e81L), new LeaseId(42, 1)};
            MqClient.LeaseReply r = client.lease(ids, 5, Duration.ofSeconds(30), Duration.ZERO);
            assertEquals(List.of("ACK:41.9c1f0e3a5b7d2e81,42.0000000000000001", "LEASE:5:30000"),
                    Frames.decodeAllText(seen[0]));
            assertEquals(2, r.acked().getAsInt());
            assertEquals(43, r.leases().get(0).leaseId().sequence());
        }
    }

    @Test
    void leaseInPlaceShowsEachGrantsBodyWhereItLiesInTheReplyBuffer() throws Exception {
        try (FakeNode node = new FakeNode(req -> List.of(concat(frame("ACK 1"),
                concat(frame("43.9c1f0e3a5b7d2e81 1 src-1 hello"), frame("44.9c1f0e3a5b7d2e81 2 - world")))));
             MqClient client = MqClient.connect(node.address(), PATIENT)) {
            LeaseBatch grants = client.leaseInPlace(LeaseIds.of(new LeaseId(41, 1)), 5, Duration.ofSeconds(30),
                    Duration.ZERO);
            assertEquals(2, grants.size());
            assertEquals(44, grants.ids().sequence(1));
            assertEquals(2, grants.deliveries(1));
            byte[] body = new byte[grants.bodyLength(1)];
            grants.buffer().get(grants.bodyStart(1), body);
            assertEquals("world", new String(body, StandardCharsets.UTF_8));
        }
    }

    @Test
    void leaseInPlaceRemembersItsGrantsSoARepeatedReplyIsDropped() throws Exception {
        AtomicInteger n = new AtomicInteger();
        byte[] first = frame("41.9c1f0e3a5b7d2e81 1 - a");
        try (FakeNode node = new FakeNode(req -> n.incrementAndGet() == 1
                ? List.of(first)
                : List.of(first, frame("42.9c1f0e3a5b7d2e81 1 - b")));
             MqClient client = MqClient.connect(node.address(), PATIENT)) {
            client.leaseInPlace(new LeaseIds(), 5, Duration.ofSeconds(30), Duration.ZERO);
            LeaseBatch second = client.leaseInPlace(new LeaseIds(), 5, Duration.ofSeconds(30), Duration.ZERO);
            assertEquals(1, second.size());
            assertEquals(42, second.ids().sequence(0));
            assertEquals(1, client.staleReplies());
        }
    }

    @Test
    void aBatchStaysReadableWhileTheNextLeaseIsOnItsWayAndAStaleReplyIsDropped() throws Exception {
        AtomicInteger n = new AtomicInteger();
        byte[] first = frame("41.9c1f0e3a5b7d2e81 1 - hello");
        // the first LEASE is answered twice, the second time with other bytes: a stale reply waits in the socket
        try (FakeNode node = new FakeNode(req -> n.incrementAndGet() == 1
                ? List.of(first, frame("41.9c1f0e3a5b7d2e81 1 - XXXXX"))
                : List.of(concat(frame("ACK 1"), frame("42.9c1f0e3a5b7d2e81 1 - world"))));
             MqClient client = MqClient.connect(node.address(), PATIENT)) {
            LeaseBatch batch = client.leaseInPlace(new LeaseIds(), 5, Duration.ofSeconds(30), Duration.ZERO);
            Thread.sleep(50);
            client.sendLease(batch.ids(), 5, Duration.ofSeconds(30), Duration.ZERO);
            byte[] body = new byte[batch.bodyLength(0)];
            batch.buffer().get(batch.bodyStart(0), body);
            assertEquals("hello", new String(body, StandardCharsets.UTF_8), "the stale reply went elsewhere");
            LeaseBatch next = client.awaitLease();
            assertEquals(1, next.size());
            assertEquals(42, next.ids().sequence(0));
            assertEquals(2, n.get());
        }
    }

    @Test
    void aRefusedAckInFrontOfALeaseLeavesItsCountEmptyAndKeepsTheGrants() throws Exception {
        try (FakeNode node = new FakeNode(req -> List.of(concat(frame("ERR checksum declared 0, computed 1"),
                frame("43.9c1f0e3a5b7d2e81 1 - c"))));
             MqClient client = MqClient.connect(node.address(), PATIENT)) {
            MqClient.LeaseReply r = client.lease(new LeaseId[] {new LeaseId(41, 1)}, 5, Duration.ofSeconds(30),
                    Duration.ZERO);
            assertTrue(r.acked().isEmpty());
            assertEquals(1, r.leases().size());
        }
    }

    @Test
    void withAFreshPortPerRequestALateReplyToTheLastRequestCannotAnswerTheNext() throws Exception {
        List<InetSocketAddress> senders = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (FakeNode node = answeringTheFirstPutTwice(senders);
             MqClient client = MqClient.connect(node.address(), ONE_TRY.freshPortPerRequest(true))) {
            assertEquals(3, client.put("abc"));
            assertThrows(MqException.Timeout.class, () -> client.put("xyz"));
            assertEquals(2, senders.size());
            assertTrue(!senders.get(0).equals(senders.get(1)), "each request from its own port: " + senders);
        }
    }

    @Test
    void onOnePortTheSameLateReplyWouldBeTakenForTheNextAnswer() throws Exception {
        // the counterpart of the test above: what the fresh port protects against
        List<InetSocketAddress> senders = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (FakeNode node = answeringTheFirstPutTwice(senders);
             MqClient client = MqClient.connect(node.address(), ONE_TRY)) {
            assertEquals(3, client.put("abc"));
            assertEquals(3, client.put("xyz"));
            assertEquals(senders.get(0), senders.get(1));
        }
    }

    @Test
    void anErrorReplyToAGetForSeveralIsATypedError() throws Exception {
        try (FakeNode node = new FakeNode(req -> List.of(frame("ERR too-large the next message does not fit")));
             MqClient client = MqClient.connect(node.address(), PATIENT)) {
            MqException.ErrorReply e = assertThrows(MqException.ErrorReply.class,
                    () -> client.get(5, Duration.ZERO));
            assertEquals(ErrorReason.TOO_LARGE, e.reason());
        }
    }

    @Test
    void anEmptyRawDatagramReallyGoesOut() throws Exception {
        List<Integer> lengths = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (FakeNode node = new FakeNode(req -> {
            lengths.add(req.length);
            return List.of(frame("ERR malformed empty datagram"));
        }); MqClient client = MqClient.connect(node.address(), PATIENT)) {
            assertEquals("ERR malformed empty datagram", Frames.decodeText(client.sendRaw(new byte[0])));
            assertEquals(List.of(0), lengths);
        }
    }

    @Test
    void aWholeDatagramRefusedInsteadOfAckAndLeaseIsATypedError() throws Exception {
        try (FakeNode node = new FakeNode(req -> List.of(
                frame("ERR malformed declared length 0xf exceeds 4 remaining bytes")));
             MqClient client = MqClient.connect(node.address(), PATIENT)) {
            MqException.ErrorReply e = assertThrows(MqException.ErrorReply.class,
                    () -> client.lease(new LeaseId[] {new LeaseId(41, 1)}, 5, Duration.ofSeconds(30),
                    Duration.ZERO));
            assertEquals(ErrorReason.MALFORMED, e.reason());
        }
    }

    /**
     * A node that answers the first PUT, loses the second and sends the first answer again, to the port the first
     * PUT came from; {@code senders} records where each request came from.
     */
    private static FakeNode answeringTheFirstPutTwice(List<InetSocketAddress> senders) throws java.io.IOException {
        AtomicInteger n = new AtomicInteger();
        FakeNode[] self = new FakeNode[1];
        self[0] = new FakeNode((req, from) -> {
            senders.add(from);
            if (n.incrementAndGet() == 1) {
                return List.of(frame("PUT 3 bytes"));
            }
            self[0].sendTo(frame("PUT 3 bytes"), senders.get(0));
            return null;
        });
        return self[0];
    }
}
