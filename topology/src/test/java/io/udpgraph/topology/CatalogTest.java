package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {

    private static Catalog catalog(String function, List<String> messages) throws Exception {
        Topology t = TopologyFile.parse("t.yaml", """
                queues: {a: {}, b: {}}
                workers:
                  w: {function: %s, inputs: [a], outputs: [b]}
                sources:
                  src: {to: a, messages: [x]}
                sinks:
                  out: {from: b}
                """.formatted(function), Path.of("."));
        return Catalog.of(t, messages, messages.stream().map(m -> "a").toList());
    }

    @Test
    void anExpectedTextIsDeliveredOnceThenCountsAsADuplicate() throws Exception {
        Catalog c = catalog("upper", List.of("ab", "cd"));
        assertEquals(2, c.expected());
        assertEquals(1, c.take("CD"));
        assertEquals(-1 - 1, c.take("CD"), "a second copy of message 1's result");
        assertEquals(1, c.outstanding());
        assertEquals(List.of(0), c.missing());
    }

    @Test
    void aTextNoMessageProducesIsCorrupted() throws Exception {
        Catalog c = catalog("upper", List.of("ab"));
        assertEquals(Integer.MIN_VALUE, c.take("ab"), "the input itself is not what upper makes of it");
        assertEquals(Integer.MIN_VALUE, c.take("AC"));
    }

    @Test
    void repeatedTextsAreExpectedAsOftenAsTheyAreSent() throws Exception {
        Catalog c = catalog("pong", List.of("ping", "ping", "pong"));
        assertEquals(3, c.expected());
        assertEquals(0, c.take("pong"));
        assertEquals(1, c.take("pong"));
        assertEquals(-1 - 0, c.take("pong"));
        assertEquals(2, c.take("ping"));
    }
}
