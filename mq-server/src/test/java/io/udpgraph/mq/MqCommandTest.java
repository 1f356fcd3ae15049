package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.MqClient;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every mq subcommand as a user runs it, against a real queue node in this JVM. */
class MqCommandTest {
    private QueueNode node;
    private MqClient client;
    private String at;

    /** What one mq run printed and how it exited. */
    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    @BeforeEach
    void start() throws Exception {
        node = QueueNode.start(QueueConfig.defaults().port(0).maxMessageBytes(16));
        client = MqClient.connect(node.address());
        at = HostPort.of(node.address()).toString();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        node.close();
    }

    static Run mq(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = MqCommand.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void putKeepGoingStoresTheOtherLinesAndCountsTheRefusedOne() throws Exception {
        Run r = mq("a\n" + "x".repeat(40) + "\nb\n", "put", at, "--keep-going", "-");
        assertEquals(1, r.code(), r.err());
        assertEquals("put 2 messages (2 bytes); 1 line failed", r.out().strip());
        assertTrue(r.err().startsWith("mq: line 2 was not stored: the node refused PUT:"), r.err());
        assertEquals(2, client.size());
    }

    @Test
    void putWithoutKeepGoingStopsAtTheFirstFailedLineAndSaysWhatItStored() throws Exception {
        Run r = mq("a\n" + "x".repeat(40) + "\nb\n", "put", at, "-");
        assertEquals(1, r.code());
        assertEquals("put 1 message (1 bytes)", r.out().strip());
        assertTrue(r.err().contains("line 2 was not stored") && r.err().contains("--keep-going"), r.err());
        assertEquals(1, client.size());
    }

    @Test
    void putIdsStoresEachLineOnceHoweverOftenItIsSent() throws Exception {
        assertEquals(0, mq("one\ntwo\nthree\n", "put", at, "--ids", "run-1", "-").code());
        Run again = mq("one\ntwo\nthree\n", "put", at, "--ids", "run-1", "-");
        assertEquals(0, again.code(), again.err());
        assertEquals("put 3 messages (11 bytes)", again.out().strip(), "acknowledged again, stored once");
        assertEquals(3, client.size());
    }

    @Test
    void putIdsRefusesAPrefixThatCannotBeAnId() {
        Run r = mq("", "put", at, "--ids", "has space", "-");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--ids has space: a PUTID id is printable ASCII"), r.err());
    }

    @Test
    void peekPrintsTheNextMessageAndLeavesIt() throws Exception {
        client.put("first");
        client.put("second");
        Run r = mq("", "peek", at);
        assertEquals(0, r.code(), r.err());
        assertEquals("first", r.out().strip());
        assertEquals(2, client.size());
    }

    @Test
    void peekOnAnEmptyQueuePrintsNothing() {
        Run r = mq("", "peek", at);
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void purgeTakesEveryVisibleMessageAndSaysHowMany() throws Exception {
        for (int i = 0; i < 1500; i++) {
            client.put("m" + i);
        }
        Run r = mq("", "purge", at);
        assertEquals(0, r.code(), r.err());
        assertEquals("purged 1500 messages", r.out().strip());
        assertEquals(0, client.size());
    }

    @Test
    void leaseThenAckRemovesTheMessage() throws Exception {
        client.putWithId("p-1", "hello".getBytes(StandardCharsets.UTF_8));
        Run lease = mq("", "lease", at, "--count", "5", "--lease", "30s");
        assertEquals(0, lease.code(), lease.err());
        String[] grant = lease.out().strip().split(" ");
        assertEquals(List.of("1", "p-1", "hello"), List.of(grant[1], grant[2], grant[3]));
        assertEquals(0, client.size(), "leased: invisible");
        Run ack = mq("", "ack", at, grant[0]);
        assertEquals("acked 1 of 1", ack.out().strip());
        assertEquals(0, client.stats().get("leased"));
    }

    @Test
    void nackMakesALeasedMessageVisibleAgainAndSaysWhichWereNotLeased() throws Exception {
        client.put("hello");
        String id = mq("", "lease", at).out().strip().split(" ")[0];
        Run nack = mq("", "nack", at, id, "999999.0123456789abcdef");
        assertEquals(0, nack.code(), nack.err());
        assertEquals("nacked 1 of 2 (the others were not leased: settled already, their lease ended, or not an id"
                + " this node handed out)", nack.out().strip());
        assertEquals(1, client.size());
    }

    @Test
    void ackOfABareNumberIsAUsageErrorShowingWhatALeaseIdLooksLike() throws Exception {
        Run ack = mq("", "ack", at, "41");
        assertEquals(2, ack.code());
        assertTrue(ack.err().contains("<sequence>.<16 hex digits>"), ack.err());
    }

    @Test
    void watchPrintsVisibleAndLeasedWithTheirRatesOncePerInterval() throws Exception {
        client.put("a");
        Run r = mq("", "watch", at, "--interval", "50ms", "--count", "3");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.lines();
        assertEquals(4, lines.size(), r.out());
        assertTrue(lines.get(0).matches("time +visible +leased +visible/s +leased/s"), lines.get(0));
        assertTrue(lines.get(1).matches("\\d\\d:\\d\\d:\\d\\d +1 +0 +- +-"), lines.get(1));
        assertTrue(lines.get(2).matches("\\d\\d:\\d\\d:\\d\\d +1 +0 +\\+0\\.0 +\\+0\\.0"), lines.get(2));
    }

    @Test
    void aRequestWithoutAReplySaysARouterOrTheNetworkMayHaveDroppedIt() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Run r = mq("", "size", "127.0.0.1:" + silent.getLocalPort(), "--timeout", "50ms", "--retries", "0");
            assertEquals(1, r.code());
            assertTrue(r.err().startsWith("mq: no reply (a router or the network may have dropped it) from"), r.err());
        }
    }

    @Test
    void everyUsageErrorIsOneLineAndAPointerToHelp() {
        List<String[]> wrong = new ArrayList<>();
        wrong.add(new String[] {"put", at});
        wrong.add(new String[] {"peek", at, "--retires", "2"});
        wrong.add(new String[] {"pek", at});
        wrong.add(new String[] {"lease", at, "--count", "0"});
        wrong.add(new String[] {"watch", at, "--interval", "1ms"});
        wrong.add(new String[] {});
        for (String[] args : wrong) {
            Run r = mq("", args);
            assertEquals(2, r.code(), String.join(" ", args));
            List<String> err = r.err().lines().toList();
            assertEquals(2, err.size(), String.join(" ", args) + ":\n" + r.err());
            assertTrue(err.get(1).matches("Try 'mq( \\w+)? --help' for the options\\."), err.get(1));
        }
        assertTrue(mq("", "peek", at, "--retires", "2").err().contains("(did you mean --retries?)"));
        assertTrue(mq("", "pek", at).err().contains("(did you mean peek?)"));
    }
}
