package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.router.FaultSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyFileTest {

    private static final String GOOD = """
            name: small
            queues:
              a: {}
              b: {port: 0}
            workers:
              up:
                function: upper
                inputs: [a]
                outputs: [b]
            sources:
              gen: {to: a, generator: {count: 10, size: 40}}
            sinks:
              out: {from: b}
            """;

    private static List<TopologyProblem> problems(String yaml) {
        TopologyException e = assertThrows(TopologyException.class, () -> TopologyFile.parse("t.yaml", yaml, Path.of(".")));
        return e.problems();
    }

    private static TopologyProblem only(String yaml) {
        List<TopologyProblem> p = problems(yaml);
        assertEquals(1, p.size(), () -> "expected one problem, got " + p);
        return p.get(0);
    }

    @Test
    void aGoodFileReadsIntoTheModel() throws Exception {
        Topology t = TopologyFile.parse("t.yaml", GOOD, Path.of("."));
        assertEquals("small", t.name());
        assertEquals(List.of("a", "b"), List.copyOf(t.queues().keySet()));
        assertEquals("upper", t.workers().get("up").function());
        assertEquals(10, t.sources().get("gen").count());
        assertEquals(List.of("gen -> a", "a -> up", "up -> b", "b -> out"),
                t.edges().stream().map(Topology.Edge::toString).toList());
    }

    @Test
    void anUnknownQueueInAnEdgeIsReportedAtItsLineAndColumn() {
        TopologyProblem p = only(GOOD.replace("outputs: [b]", "outputs: [c]").replace("out: {from: b}", "out: {from: b}\n  o2: {from: a}")
                .replace("  o2: {from: a}", "").replace("    outputs: [c]", "    outputs: [b, c]"));
        assertEquals(9, p.line());
        assertEquals(18, p.column());
        assertTrue(p.message().contains("unknown queue 'c'"), p.message());
        assertTrue(p.message().contains("the queues are a, b"), p.message());
    }

    @Test
    void aWorkerWithNoInputIsReported() {
        TopologyProblem p = only(GOOD.replace("    inputs: [a]\n", "").replace("gen: {to: a,", "gen: {to: b,")
                .replace("out: {from: b}", "out: {from: b}").replace("  a: {}\n", ""));
        assertTrue(p.message().contains("worker 'up' has no input"), p.message());
        assertEquals(5, p.line()); // the worker's name: there is no inputs: line to point at
    }

    @Test
    void aPortUsedTwiceIsReportedAtTheSecondPort() {
        TopologyProblem p = only(GOOD.replace("a: {}", "a: {port: 10500}").replace("b: {port: 0}", "b: {port: 10500}"));
        assertEquals(4, p.line());
        assertEquals(13, p.column());
        assertTrue(p.message().contains("port 10500 of queue 'b' is already used by queue 'a'"), p.message());
    }

    @Test
    void aMisspelledKeySuggestsTheRightOne() {
        TopologyProblem p = only(GOOD.replace("function: upper", "function: upper\n    guarantee: at-most-once\n    replica: 2"));
        assertEquals(9, p.line());
        assertTrue(p.message().contains("unknown key 'replica'") && p.message().contains("did you mean replicas?"),
                p.message());
    }

    @Test
    void anUnknownFunctionListsTheBuiltIns() {
        TopologyProblem p = only(GOOD.replace("function: upper", "function: shout"));
        assertEquals(7, p.line());
        assertTrue(p.message().contains("unknown function 'shout'") && p.message().contains("passthrough"), p.message());
        assertFalse(p.message().contains("did you mean"), p.message());
    }

    @Test
    void aMisspelledFunctionSuggestsTheRightOne() {
        TopologyProblem p = only(GOOD.replace("function: upper", "function: uper"));
        assertTrue(p.message().contains("unknown function 'uper' (did you mean upper?)"), p.message());
    }

    @Test
    void aBadFaultCarriesTheRoutersOwnMessage() {
        TopologyProblem p = only(GOOD + "routers:\n  r: {queue: a, faults: [\"drop 20\"]}\n");
        assertEquals(15, p.line());
        assertTrue(p.message().contains("expected a percentage"), p.message());
    }

    @Test
    void faultsAreParsedWithTheRoutersGrammar() throws Exception {
        Topology t = TopologyFile.parse("t.yaml", GOOD + "routers:\n  r:\n    queue: b\n    seed: 7\n"
                + "    faults: [\"drop 20%,up\", \"--garble 10%:text,up,PUT\"]\n", Path.of("."));
        Topology.RouterOn r = t.routers().get("r");
        assertEquals(List.of(FaultSpec.parse("drop", "20%,up"), FaultSpec.parse("garble", "10%:text,up,PUT")), r.faults());
        assertEquals(7, r.seed());
        assertTrue(t.routerBetween("up", "b").isPresent());
        assertTrue(t.routerBetween("up", "a").isEmpty());
    }

    @Test
    void aNameUsedTwiceAcrossKindsIsReported() {
        TopologyProblem p = only(GOOD.replace("gen: {to: a,", "a: {to: a,"));
        assertEquals(11, p.line());
        assertTrue(p.message().contains("the name 'a' (source) is already used at 3:3"), p.message());
    }

    @Test
    void aBadExpectationSaysHowToWriteIt() {
        TopologyProblem p = only(GOOD + "expect:\n  lost: \"about 3\"\n");
        assertEquals(15, p.line());
        assertTrue(p.message().contains("e.g. lost: \"<= 1%\""), p.message());
    }

    @Test
    void aCycleIsReported() {
        TopologyProblem p = only(GOOD.replace("outputs: [b]", "outputs: [a]").replace("out: {from: b}", "out: {from: a}")
                .replace("  b: {port: 0}\n", ""));
        assertTrue(p.message().contains("a cycle a -> a"), p.message());
    }

    @Test
    void brokenYamlIsReportedWithItsLocation() {
        TopologyProblem p = only("queues:\n  a: {port: 1\n");
        assertTrue(p.line() >= 2, p.toString());
        assertTrue(p.message().startsWith("not valid YAML"), p.message());
    }

    @Test
    void expectationsCompareAsWritten() {
        assertTrue(Expectation.parse("lost", "0").holds(0, 100));
        assertTrue(Expectation.parse("duplicated", "<= 1%").holds(1, 100));
        assertTrue(!Expectation.parse("duplicated", "<= 1%").holds(2, 100));
        assertTrue(Expectation.parse("p99_ms", "< 50").holds(49.9, 100));
        assertTrue(!Expectation.parse("p99_ms", "< 50").holds(50, 100));
        assertThrows(IllegalArgumentException.class, () -> Expectation.parse("p99_ms", "< 5%"));
        assertThrows(IllegalArgumentException.class, () -> Expectation.parse("result", "maybe"));
    }
}
