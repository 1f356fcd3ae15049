package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.Lease;
import io.udpgraph.protocol.LeaseId;
import org.junit.jupiter.api.Test;

/** A leasing sink counts a message once, however often it comes back. */
class RedeliveriesTest {

    private static Lease lease(long id, int deliveries, String resultId) {
        return new Lease(new LeaseId(id, 0x5eed), deliveries, resultId, new byte[] {'x'});
    }

    @Test
    void theSameLeaseIdAgainIsARedelivery() {
        Redeliveries r = new Redeliveries(false);
        assertTrue(r.firstTime(lease(7, 1, null)));
        assertFalse(r.firstTime(lease(7, 2, null)));
    }

    @Test
    void anotherLeaseIdIsAnotherStoredMessageEvenWithTheSameResultIdWhenNotCountingByResultId() {
        Redeliveries r = new Redeliveries(false);
        assertTrue(r.firstTime(lease(7, 1, "src-1.0")));
        assertTrue(r.firstTime(lease(8, 1, "src-1.0")));
    }

    @Test
    void underEffectivelyOnceTheSameResultIdUnderAnotherLeaseIsARepeat() {
        Redeliveries r = new Redeliveries(true);
        assertTrue(r.firstTime(lease(7, 1, "src-1.0")));
        assertFalse(r.firstTime(lease(8, 1, "src-1.0")));
        assertTrue(r.firstTime(lease(9, 1, null)));
    }
}
