package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** YAML into a tree whose nodes know where they were written, and the reader's own errors. */
class LocatedYamlTest {

    private static TopologyProblem problemOf(String yaml) {
        TopologyException e = assertThrows(TopologyException.class, () -> LocatedYaml.read("t.yaml", yaml));
        assertEquals(1, e.problems().size(), e.problems()::toString);
        return e.problems().get(0);
    }

    @Test
    void everyKeyAndValueKnowsItsLineAndColumn() throws Exception {
        Located.Mapping root = (Located.Mapping) LocatedYaml.read("t.yaml", "queues:\n  a: {port: 10500}\n");
        Located.Entry a = ((Located.Mapping) root.entries().get("queues").value()).entries().get("a");
        assertEquals(new Located.Position(2, 3), a.keyAt());
        Located port = ((Located.Mapping) a.value()).entries().get("port").value();
        assertEquals(new Located.Position(2, 13), port.at());
        assertEquals("10500", ((Located.Scalar) port).text());
    }

    @Test
    void anEmptyDocumentIsAnEmptyMapping() throws Exception {
        Located root = LocatedYaml.read("t.yaml", "");
        assertInstanceOf(Located.Mapping.class, root);
        assertTrue(((Located.Mapping) root).entries().isEmpty());
    }

    @Test
    void aKeyWrittenTwiceIsReportedAtTheSecondOne() {
        TopologyProblem p = problemOf("queues:\n  a: {}\n  b: {}\n  a: {port: 1}\n");
        assertEquals(4, p.line());
        assertEquals(3, p.column());
        assertTrue(p.message().contains("the key 'a' appears twice in one mapping (first at 2:3)"), p.message());
    }

    @Test
    void anAliasToNoAnchorIsReportedAtTheAlias() {
        TopologyProblem p = problemOf("queues:\n  a: {}\n  b: *missing\n");
        assertEquals(3, p.line());
        assertTrue(p.message().contains("unknown alias *missing: define it first with &missing"), p.message());
    }

    @Test
    void anAliasIsTheNodeItsAnchorNamed() throws Exception {
        Located.Mapping root = (Located.Mapping) LocatedYaml.read("t.yaml",
                "defaults: &d {capacity: 10}\nqueues:\n  a: *d\n");
        Located a = ((Located.Mapping) root.entries().get("queues").value()).entries().get("a").value();
        assertSame(root.entries().get("defaults").value(), a);
    }

    @Test
    void yamlThatDoesNotParseIsReportedWhereTheParserStopped() {
        TopologyProblem p = problemOf("queues:\n  a: [1, 2\n  b: {}\n");
        assertTrue(p.line() >= 2, p::toString);
        assertTrue(p.column() >= 1, p::toString);
        assertTrue(p.message().startsWith("not valid YAML: "), p.message());
    }

    @Test
    void aSyntaxErrorSaysWhatWasExpectedAndWhereTheUnfinishedPartBegan() {
        TopologyProblem p = problemOf("queues:\n  a: {}\n  b: [1, 2\nworkers:\n  up: {function: upper}\n");
        assertEquals(4, p.line(), p::toString);
        assertEquals(8, p.column(), p::toString);
        assertEquals("not valid YAML: expected ',' or ']', but got : (while parsing a flow sequence at line 3, column 6)",
                p.message());
    }

    @Test
    void aSyntaxErrorOfABlockMappingIsNotCutToItsFirstLine() {
        TopologyProblem p = problemOf("queues:\n  a: {}\n b: {}\n");
        assertTrue(p.message().contains("expected <block end>"), p.message());
        assertTrue(p.message().contains("(while parsing a block mapping at line 1, column 1)"), p.message());
    }
}
