package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.ProtocolLimits;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class OutputIdsTest {
    private static final InetSocketAddress NODE = new InetSocketAddress("127.0.0.1", 10000);

    @Test
    void resultIdsDeriveFromTheInputsMessageIdAndTheResultIndex() {
        String base = OutputIds.base("src-7", NODE, 41);
        assertEquals("src-7.0", OutputIds.result(base, 0));
        assertEquals("src-7.2", OutputIds.result(base, 2));
    }

    @Test
    void withoutAMessageIdTheInputAddressAndLeaseIdStandIn() {
        assertEquals("127.0.0.1-10000-41.0", OutputIds.result(OutputIds.base(null, NODE, 41), 0));
        String v6 = OutputIds.base(null, new InetSocketAddress("::1", 9), 3);
        assertTrue(!v6.contains(":") && !v6.contains(" "), v6);
    }

    @Test
    void longIdsAreHashedDeterministicallyWithinTheProtocolsLimit() {
        String base = "x".repeat(200);
        String a = OutputIds.result(base, 1);
        assertEquals(a, OutputIds.result(base, 1));
        assertTrue(a.length() <= OutputIds.MAX_ID_BYTES);
        assertTrue(!a.equals(OutputIds.result(base, 2)));
    }

    @Test
    void everyDerivedIdIsOneANodeAcceptsAsAProducerId() {
        InetSocketAddress v6 = new InetSocketAddress("fe80::1%eth0", 9);
        for (String base : new String[] {OutputIds.base("src-7", NODE, 1), OutputIds.base(null, v6, 3), "y".repeat(300)}) {
            for (String id : new String[] {OutputIds.result(base, 0), OutputIds.result(base, 12), OutputIds.error(base)}) {
                assertNull(ProtocolLimits.producerIdProblem(id), id);
            }
        }
    }
}
