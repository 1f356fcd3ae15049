package io.udpgraph.mq;

import static io.udpgraph.mq.Wire.bytes;
import static io.udpgraph.mq.Wire.replies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.ErrorReason;
import io.udpgraph.protocol.MqClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every class of bad input gets exactly one ERR frame, is counted, and leaves the queue as it was. */
class MalformedRequestTest {
    private QueueNode node;
    private MqClient client;

    @BeforeEach
    void start() throws Exception {
        node = QueueNode.start(QueueConfig.defaults().port(0).maxMessageBytes(1000));
        client = MqClient.connect(node.address());
        client.put("first");
        client.put("second");
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        node.close();
    }

    static Stream<Arguments> malformedDatagrams() {
        return Stream.of(
                Arguments.of("L is 0", bytes("03GET"), "length digit"),
                Arguments.of("L is not hex", bytes("g3GET"), "length digit"),
                Arguments.of("HH holds '+'", bytes("1+GET"), "size digit"),
                Arguments.of("HH holds 'x'", bytes("2x3GET"), "size digit"),
                Arguments.of("HH holds a space", bytes("2 3GET"), "size digit"),
                Arguments.of("declared length past the data", bytes("1fGETX"), "declared length 0xf exceeds 4"),
                Arguments.of("L past the data", bytes("4ab"), "size digits"),
                Arguments.of("trailing bytes", bytes("13GETxyz"), "after frame 1"),
                Arguments.of("a whole frame then a short one", bytes("14SIZE19PUT:a"), "after frame 1"),
                Arguments.of("invalid UTF-8", new byte[] {'1', '5', 'P', 'U', 'T', ':', (byte) 0xff}, "UTF-8"),
                Arguments.of("truncated UTF-8", new byte[] {'1', '6', 'P', 'U', 'T', ':', 'a', (byte) 0xe2}, "UTF-8"),
                Arguments.of("a UTF-8 surrogate", new byte[] {'1', '7', 'P', 'U', 'T', ':', (byte) 0xed, (byte) 0xa0,
                        (byte) 0x80}, "UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedDatagrams")
    void malformedDatagramGetsOneErrMalformedAndChangesNothing(String name, byte[] datagram, String detail)
            throws Exception {
        List<String> reply = replies(client, datagram);
        assertEquals(1, reply.size(), reply.toString());
        assertTrue(reply.get(0).startsWith("ERR malformed "), reply.get(0));
        assertTrue(reply.get(0).contains(detail), reply.get(0));
        assertQueueUntouched();
        assertEquals(1, errors(ErrorReason.MALFORMED));
    }

    @Test
    void anEmptyDatagramGetsErrMalformed() throws Exception {
        // NIO channels skip zero-length writes, so this one goes out through a classic DatagramSocket.
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
            socket.setSoTimeout(2000);
            socket.send(new java.net.DatagramPacket(new byte[0], 0, node.address()));
            java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[1000], 1000);
            socket.receive(p);
            String reply = io.udpgraph.protocol.Frames.decodeText(java.util.Arrays.copyOf(p.getData(), p.getLength()));
            assertTrue(reply.startsWith("ERR malformed empty datagram"), reply);
        }
        assertQueueUntouched();
        assertEquals(1, errors(ErrorReason.MALFORMED));
    }

    @Test
    void aMalformedFrameAnywhereRefusesTheWholeBatch() throws Exception {
        List<String> reply = replies(client, bytes("17PUT:new13GET1zGET"));
        assertEquals(1, reply.size());
        assertTrue(reply.get(0).startsWith("ERR malformed "), reply.get(0));
        assertQueueUntouched();
    }

    @Test
    void unknownVerbGetsErrUnknownNamingTheVerbs() throws Exception {
        List<String> reply = replies(client, bytes("14PING"));
        // An ERR is at most 64 bytes (or twice its request): the list of verbs is cut where the budget ends.
        assertEquals(1, reply.size());
        assertTrue(reply.get(0).startsWith("ERR unknown verb 'PING': expected PUT, GET, SIZE, PUTID"), reply.get(0));
        assertTrue(io.udpgraph.protocol.Frames.encode(reply.get(0)).length <= 64, reply.get(0));
        assertQueueUntouched();
        assertEquals(1, errors(ErrorReason.UNKNOWN_VERB));
    }

    @Test
    void verbsAreMatchedInUpperCaseOnly() throws Exception {
        assertTrue(Wire.one(client, "get").startsWith("ERR unknown verb 'get'"));
        assertTrue(Wire.one(client, "put:x").startsWith("ERR unknown verb 'put'"));
        assertQueueUntouched();
    }

    @Test
    void anEmptyCommandIsAnUnknownVerb() throws Exception {
        assertTrue(Wire.one(client, "").startsWith("ERR unknown verb ''"));
        assertQueueUntouched();
    }

    @Test
    void aMessageOverTheNodeLimitGetsErrTooLarge() throws Exception {
        String reply = Wire.one(client, "PUT:" + "x".repeat(1001));
        assertTrue(reply.startsWith("ERR too-large a message of 1001 bytes"), reply);
        assertQueueUntouched();
        assertEquals(1, errors(ErrorReason.TOO_LARGE));
    }

    @Test
    void aDatagramOverOneFrameGetsErrTooLarge() throws Exception {
        // IPv4 cannot carry a UDP payload over 65,507 bytes; IPv6 can, so the node must refuse it itself.
        InetAddress v6 = InetAddress.getByName("::1");
        try (QueueNode six = QueueNode.start(QueueConfig.defaults().bind("::1").port(0));
             DatagramChannel ch = DatagramChannel.open()) {
            byte[] big = new byte[65_520]; // over 65,507, under the 65,527 IPv6 allows
            big[0] = '4';
            ch.connect(new InetSocketAddress(v6, six.address().getPort()));
            try {
                ch.write(ByteBuffer.wrap(big));
            } catch (java.io.IOException e) {
                Assumptions.abort("this host's IPv6 loopback does not take a datagram that large: " + e.getMessage());
            }
            ByteBuffer in = ByteBuffer.allocate(70_000);
            ch.configureBlocking(true);
            ch.socket().setSoTimeout(2000);
            java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[70_000], 70_000);
            ch.socket().receive(p);
            String reply = io.udpgraph.protocol.Frames.decodeText(java.util.Arrays.copyOf(p.getData(), p.getLength()));
            assertTrue(reply.startsWith("ERR too-large datagram of 65520 bytes"), reply);
            assertEquals(0, six.size());
            in.clear();
        } catch (java.net.SocketException | java.nio.channels.UnsupportedAddressTypeException e) {
            Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
        }
    }

    @Test
    void theNodeKeepsServingAfterAFloodOfGarbage() throws Exception {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] junk = new byte[1 + random.nextInt(64)];
            random.nextBytes(junk);
            List<String> reply = replies(client, junk);
            assertEquals(1, reply.size());
            assertTrue(reply.get(0).startsWith("ERR "), reply.get(0));
        }
        assertQueueUntouched();
    }

    private void assertQueueUntouched() throws Exception {
        assertEquals(2, client.size());
        assertEquals(2, node.stored());
        MqClient peek = client;
        // take both and put them back in order: proves the contents, not just the count
        String a = peek.getText();
        String b = peek.getText();
        assertEquals(List.of("first", "second"), List.of(a, b));
        peek.put(a);
        peek.put(b);
    }

    private long errors(ErrorReason reason) {
        return (long) node.config().registry().get("mq.errors").tag("reason", reason.word()).counter().count();
    }
}
