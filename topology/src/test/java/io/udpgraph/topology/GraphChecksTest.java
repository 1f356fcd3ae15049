package io.udpgraph.topology;

import static io.udpgraph.topology.FileProblems.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The checks of a topology as a graph: edges, routers, ports, unread queues, each at its place in the file. */
class GraphChecksTest {

    private static final String GOOD = """
            queues:
              input: {}
              output: {}
            workers:
              up: {function: upper, inputs: [input], outputs: [output]}
            sources:
              gen: {to: input, generator: {count: 10}}
            sinks:
              out: {from: output}
            """;

    @Test
    void aMisspeltQueueInAnEdgeSuggestsTheNearestQueue() {
        TopologyProblem p = only(GOOD.replace("outputs: [output]", "outputs: [ouptut]"));
        assertEquals(5, p.line());
        assertTrue(p.message().startsWith("unknown queue 'ouptut' as output of worker 'up' (did you mean output?): "
                + "no node is named 'ouptut'; the queues are input, output"), p.message());
    }

    @Test
    void anEdgeToAWorkerSaysToPutAQueueBetween() {
        TopologyProblem p = only(GOOD.replace("gen: {to: input,", "gen: {to: up,"));
        assertTrue(p.message().contains("unknown queue 'up' as target of source 'gen': 'up' is not a queue"),
                p.message());
    }

    @Test
    void aQueueNothingReadsIsReportedAtItsName() {
        TopologyProblem p = only(GOOD.replace("  output: {}\n", "  output: {}\n  spare: {}\n"));
        assertEquals(4, p.line());
        assertEquals(3, p.column());
        assertTrue(p.message().contains("nothing takes from queue 'spare'"), p.message());
    }

    @Test
    void aPortSharedByAQueueAndARouterIsReportedAtTheRoutersPort() {
        TopologyProblem p = only(GOOD.replace("input: {}", "input: {port: 10600}")
                + "routers:\n  r: {queue: output, port: 10600}\n");
        assertEquals(11, p.line());
        assertEquals(28, p.column());
        assertTrue(p.message().contains("port 10600 of router 'r' is already used by queue 'input'"), p.message());
    }

    @Test
    void aRouterClientWithoutAnEdgeToItsQueueIsReportedAtTheClient() {
        TopologyProblem p = only(GOOD + "routers:\n  r:\n    queue: output\n    clients: [up, gen]\n");
        assertEquals(13, p.line());
        assertEquals(19, p.column());
        assertTrue(p.message().contains("router 'r' lists client 'gen', but no edge joins 'gen' and queue 'output': "
                + "its clients are up, out"), p.message());
    }

    @Test
    void aMisspeltRouterClientSuggestsTheNearestClient() {
        TopologyProblem p = only(GOOD + "routers:\n  r: {queue: output, clients: [upp]}\n");
        assertTrue(p.message().contains("lists client 'upp' (did you mean up?)"), p.message());
    }

    @Test
    void twoRoutersOnOneEdgeAreReportedAtTheSecond() {
        TopologyProblem p = only(GOOD + "routers:\n  r1: {queue: output}\n  r2: {queue: output, clients: [out]}\n");
        assertEquals(12, p.line());
        assertTrue(p.message().contains("the edge between 'out' and 'output' already has a router (at 11:7)"),
                p.message());
    }

    @Test
    void aFileWithoutSourcesSaysHowToAddOne() {
        TopologyProblem p = only("name: empty\n");
        assertEquals(1, p.line());
        assertTrue(p.message().startsWith("no sources: add one under sources:"), p.message());
    }
}
