package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.connector.Framing;
import io.udpgraph.protocol.HostPort;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A topology file's connectors: read, checked, and running with the graph in one JVM. */
class ConnectorsTest {
    private static final String GRAPH = """
            queues:
              in: {}
              out: {}
            workers:
              twice:
                function: double
                inputs: [in]
                outputs: [out]
            connectors:
              feed: {kind: tcp-in, listen: 127.0.0.1:0, to: in, framing: u32}
              results: {kind: tcp-out, from: out, listen: 127.0.0.1:0, framing: u32}
            """;

    @Test
    void connectorsAreReadWithTheirKindQueueAddressAndFraming() throws Exception {
        Topology t = TopologyFile.parse("t.yaml", GRAPH, Path.of("."));
        Topology.Connector feed = t.connectors().get("feed");
        assertEquals(Topology.ConnectorKind.TCP_IN, feed.kind());
        assertEquals("in", feed.queue());
        assertEquals(new HostPort("127.0.0.1", 0), feed.address());
        assertEquals(Framing.U32, feed.framing());
        Topology.Connector results = t.connectors().get("results");
        assertEquals(Topology.ConnectorKind.TCP_OUT, results.kind());
        assertTrue(results.listen());
    }

    @Test
    void aTcpInWithoutListenIsRefusedWithAnExample() {
        TopologyProblem p = FileProblems.only("""
                queues:
                  in: {}
                connectors:
                  feed: {kind: tcp-in, connect: 127.0.0.1:7000, to: in}
                  drain: {kind: tcp-out, from: in, connect: 127.0.0.1:7001}
                """);
        assertTrue(p.message().contains("listen: HOST:PORT"), p.message());
    }

    @Test
    void aConnectorToAQueueThatIsNotThereIsRefused() {
        TopologyProblem p = FileProblems.only("""
                queues:
                  in: {}
                connectors:
                  feed: {kind: tcp-in, listen: 127.0.0.1:0, to: inn}
                  drain: {kind: tcp-out, from: in, connect: 127.0.0.1:7001}
                """);
        assertTrue(p.message().contains("inn"), p.message());
    }

    @Test
    void aFeedPouredIntoTheGraphsTcpInComesOutOfItsTcpOutWorkedOn() throws Exception {
        Topology t = TopologyFile.parse("t.yaml", GRAPH, Path.of("."));
        try (InProcessGraph g = InProcessGraph.start(t)) {
            String lines = String.join("\n", g.describe());
            try (Socket feed = connect(lines, "tcp-in"); Socket results = connect(lines, "tcp-out")) {
                DataOutputStream out = new DataOutputStream(feed.getOutputStream());
                for (int i = 0; i < 500; i++) {
                    byte[] b = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
                    out.writeInt(b.length);
                    out.write(b);
                }
                out.flush();
                results.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(results.getInputStream());
                List<String> got = new ArrayList<>();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    byte[] b = new byte[in.readInt()];
                    in.readFully(b);
                    got.add(new String(b, StandardCharsets.UTF_8));
                    expected.add(Integer.toString(2 * i));
                }
                assertEquals(expected, got);
            }
        }
    }

    /** Connects to the TCP address the graph's description gives for its connector of {@code kind}. */
    private static Socket connect(String described, String kind) throws Exception {
        Matcher m = Pattern.compile(kind + " .*tcp (127\\.0\\.0\\.1):(\\d+)").matcher(described);
        assertTrue(m.find(), described);
        return new Socket(m.group(1), Integer.parseInt(m.group(2)));
    }
}
