package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A topology source with {@code via:}, fed through the graph's tcp-in connector instead of PUT to its queue. */
class ConnectorFeedTest {
    private static final String GRAPH = """
            queues:
              in: {}
              out: {}
            workers:
              twice: {function: double, inputs: [in], outputs: [out]}
            connectors:
              feed: {kind: tcp-in, listen: 127.0.0.1:0, to: in, framing: %s}
            sources:
              gen: {to: in, via: feed, generator: {count: 3000, format: number}}
            sinks:
              results: {from: out}
            run: {quiet: 1s, timeout: 30s}
            """;

    @Test
    void aSourceViaATcpInReachesItsQueueOnlyThroughTheConnector() throws Exception {
        Report r = runWithoutAPathToTheQueue(GRAPH.formatted("u32"));
        assertEquals(3000, r.sent());
        assertEquals(3000, r.expected());
        assertEquals(3000, r.delivered());
        assertEquals(0, r.lost());
        assertEquals(0, r.unacknowledged());
        assertFalse(r.timedOut());
    }

    @Test
    void aSourceViaALineFramedTcpInIsFramedTheWayThatConnectorCutsIt() throws Exception {
        Report r = runWithoutAPathToTheQueue(GRAPH.formatted("line"));
        assertEquals(3000, r.delivered());
        assertEquals(0, r.corrupted());
    }

    @Test
    void aSourceViaSomethingThatIsNoTcpInIsRefused() {
        TopologyProblem p = FileProblems.only("""
                queues:
                  in: {}
                connectors:
                  feed: {kind: tcp-in, listen: 127.0.0.1:0, to: in}
                sources:
                  gen: {to: in, via: fed, generator: {count: 1}}
                sinks:
                  out: {from: in}
                """);
        assertTrue(p.message().contains("no tcp-in connector") && p.message().contains("feed"), p.message());
    }

    @Test
    void aSourceViaAConnectorOfAnotherQueueIsRefused() {
        TopologyProblem p = FileProblems.only("""
                queues:
                  a: {}
                  b: {}
                connectors:
                  feed: {kind: tcp-in, listen: 127.0.0.1:0, to: b}
                sources:
                  gen: {to: a, via: feed, generator: {count: 1}}
                sinks:
                  out: {from: a}
                  out2: {from: b}
                """);
        assertTrue(p.message().contains("make to: and the connector's to: the same queue"), p.message());
    }

    @Test
    void anEffectivelyOnceSourceCannotFeedThroughAConnector() {
        TopologyProblem p = FileProblems.only("""
                queues:
                  in: {}
                connectors:
                  feed: {kind: tcp-in, listen: 127.0.0.1:0, to: in}
                sources:
                  gen: {to: in, via: feed, guarantee: effectively-once, generator: {count: 1}}
                sinks:
                  out: {from: in}
                """);
        assertTrue(p.message().contains("cannot resend by id"), p.message());
    }

    /** Runs {@code yaml} in this JVM with the source's own route to its queue going nowhere. */
    private static Report runWithoutAPathToTheQueue(String yaml) throws Exception {
        Topology t = TopologyFile.parse("t.yaml", yaml, Path.of("."));
        return new Experiment(t, topology -> {
            try {
                return new NoDirectRoute(InProcessGraph.start(topology), "gen");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "in-process", new ByteArrayInputStream(new byte[0]), null).run();
    }

    /** A running graph whose address for {@code client} is a port nobody answers on. */
    private record NoDirectRoute(RunningGraph graph, String client) implements RunningGraph {
        @Override
        public InetSocketAddress addressFor(String c, String queue) {
            return c.equals(client) ? new InetSocketAddress("127.0.0.1", 9) : graph.addressFor(c, queue);
        }

        @Override
        public InetSocketAddress connectorAddress(String name) {
            return graph.connectorAddress(name);
        }

        @Override
        public List<String> describe() {
            return graph.describe();
        }

        @Override
        public List<NodeCounters> counters() {
            return graph.counters();
        }

        @Override
        public List<NodeState> nodes() {
            return graph.nodes();
        }

        @Override
        public void kill(String node) throws IOException {
            graph.kill(node);
        }

        @Override
        public void stop(String node) throws IOException {
            graph.stop(node);
        }

        @Override
        public void restart(String node) throws IOException {
            graph.restart(node);
        }

        @Override
        public void pause(String worker) throws IOException {
            graph.pause(worker);
        }

        @Override
        public void resume(String worker) throws IOException {
            graph.resume(worker);
        }

        @Override
        public long addFault(String router, io.udpgraph.router.FaultSpec spec) throws IOException {
            return graph.addFault(router, spec);
        }

        @Override
        public io.udpgraph.router.FaultSpec changeFault(String router, long id, io.udpgraph.router.FaultSpec spec)
                throws IOException {
            return graph.changeFault(router, id, spec);
        }

        @Override
        public io.udpgraph.router.FaultSpec removeFault(String router, long id) throws IOException {
            return graph.removeFault(router, id);
        }

        @Override
        public void note(String router, String text) throws IOException {
            graph.note(router, text);
        }

        @Override
        public List<String> faults(String router) throws IOException {
            return graph.faults(router);
        }

        @Override
        public void close() {
            graph.close();
        }
    }
}
