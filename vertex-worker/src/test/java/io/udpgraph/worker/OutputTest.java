package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutputTest {

    @Test
    void hostPortIsAQueueAndUdpSchemeIsARawSink() {
        Output q = Output.parse("127.0.0.1:10001");
        assertEquals(Output.Kind.QUEUE, q.kind());
        assertEquals(10001, q.address().getPort());
        Output u = Output.parse("udp://127.0.0.1:9999");
        assertEquals(Output.Kind.UDP, u.kind());
        assertEquals("udp://127.0.0.1:9999", u.toString());
        assertEquals("127.0.0.1:10001", q.toString());
    }

    @Test
    void badOutputsAreExplainedWithAnExample() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Output.parse("10001"));
        assertTrue(e.getMessage().contains("127.0.0.1:10000"), e.getMessage());
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
                () -> Output.parse("tcp://127.0.0.1:1"));
        assertTrue(scheme.getMessage().contains("udp://HOST:PORT"), scheme.getMessage());
    }

    @Test
    void routeAndGuaranteeWordsParseAndErrorsListTheChoices() {
        assertEquals(RoutePolicy.ROUND_ROBIN, RoutePolicy.parse("round-robin"));
        assertEquals(Guarantee.EFFECTIVELY_ONCE, Guarantee.parse("effectively-once"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RoutePolicy.parse("rr"))
                .getMessage().contains("round-robin, hash, broadcast or random"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Guarantee.parse("exactly-once"))
                .getMessage().contains("at-most-once, at-least-once or effectively-once"));
    }
}
