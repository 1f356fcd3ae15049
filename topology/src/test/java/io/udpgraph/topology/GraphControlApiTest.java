package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.MqClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The graph's control API on a graph in this JVM, driven as a user drives it: {@code topology nodes},
 * {@code fault add|change|rm|ls}, {@code kill}, {@code restart}, {@code pause}, {@code resume}, {@code reset}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GraphControlApiTest {
    private static final String FILE = """
            queues:
              a: {}
              b: {durable: true}
            workers:
              up: {function: upper, inputs: [a], outputs: [b]}
            routers:
              r-b: {queue: b, faults: [drop 1%], clients: [up]}
            sources:
              gen: {to: a, generator: {count: 10}}
            sinks:
              out: {from: b}
            """;

    private RunningGraph graph;
    private GraphControlServer control;

    private record Result(int code, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        graph = InProcessGraph.start(TopologyFile.parse("t.yaml", FILE, Path.of(".")));
        control = GraphControlServer.start(graph, 0);
    }

    @AfterEach
    void stop() {
        control.close();
        graph.close();
    }

    private Result topology(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--control-port");
        all.add("" + control.address().getPort());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = TopologyCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(all.toArray(new String[0]));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void nodesListsEveryNodeWithItsAddressAndState() {
        Result r = topology("nodes");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s)queue +a +127\\.0\\.0\\.1:\\d+ +running\n.*router +r-b .*worker +up .*"),
                r.out());
    }

    @Test
    void faultsAreAddedChangedListedAndRemovedByRouterName() {
        Result add = topology("fault", "add", "r-b", "delay", "5ms±1ms:normal");
        assertEquals(0, add.code(), add.err());
        assertEquals("r-b fault #2 delay 5ms±1ms:normal\n", add.out());
        assertEquals(0, topology("fault", "change", "r-b", "2", "drop", "30%,up").code());
        assertEquals("#1 drop 1%\n#2 drop 30%,up\n", topology("fault", "ls", "r-b").out());
        Result rm = topology("fault", "rm", "r-b", "1");
        assertEquals("r-b fault #1 removed (drop 1%)\n", rm.out());
        assertEquals("#2 drop 30%,up\n", topology("fault", "ls", "r-b").out());
    }

    @Test
    void aFaultQuotedAsOneWordIsTakenAsTheSameFault() {
        Result add = topology("fault", "add", "r-b", "drop 25%,down");
        assertEquals(0, add.code(), add.err());
        assertTrue(topology("fault", "ls", "r-b").out().contains("drop 25%,down"));
    }

    @Test
    void aBadFaultOrAnUnknownRouterExitsWithOneAndSaysWhy() {
        Result bad = topology("fault", "add", "r-b", "drop", "20");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--drop 20: expected a percentage"), bad.err());
        Result unknown = topology("fault", "add", "r-c", "drop", "20%");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("no router 'r-c' (did you mean r-b?)"), unknown.err());
    }

    @Test
    void aKilledDurableQueueRestartsAtItsAddressWithWhatItHad() throws Exception {
        String address = graph.nodes().get(1).address();
        try (MqClient c = MqClient.connect(graph.addressFor("out", "b"))) {
            c.put("kept");
        }
        assertTrue(topology("kill", "b").out().contains("killed"));
        Result again = topology("kill", "b");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("b is killed"), again.err());
        assertTrue(topology("restart", "b").out().contains(address + " ".repeat(1)), "same address");
        try (MqClient c = MqClient.connect(graph.addressFor("out", "b"))) {
            assertEquals("kept", c.getText());
        }
    }

    @Test
    void aPausedWorkerIsShownPausedUntilResumed() {
        assertTrue(topology("pause", "up").out().contains("paused"));
        assertTrue(topology("resume", "up").out().contains("running"));
        Result queue = topology("pause", "a");
        assertEquals(1, queue.code());
    }

    @Test
    void countersCountFromZeroAfterAReset() throws Exception {
        try (MqClient c = MqClient.connect(graph.addressFor("gen", "a"))) {
            c.put("one");
        }
        assertEquals(0, topology("reset").code());
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + control.address().getPort() + "/counters")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(!r.body().contains(": 1,") && !r.body().contains(": 1\n"), r.body());
    }

    @Test
    void aRequestFromAWebPageIsRefused() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + control.address().getPort() + "/nodes/a/kill"))
                .header("Origin", "http://example.org").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode());
        assertEquals("running", graph.nodes().get(0).state());
    }

    @Test
    void onlyLoopbackHostNamesPass() {
        assertNull(LoopbackOnly.refusal(null, "127.0.0.1:9474"));
        assertNull(LoopbackOnly.refusal(null, "localhost:9474"));
        assertNull(LoopbackOnly.refusal(null, "[::1]:9474"));
        assertTrue(LoopbackOnly.refusal(null, "evil.example:9474").contains("not this machine"));
        assertTrue(LoopbackOnly.refusal(null, "127.0.0.1.evil.example").contains("not this machine"));
        assertTrue(LoopbackOnly.refusal("http://localhost:1", "127.0.0.1:9474").contains("cross-origin"));
    }
}
