package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProtocolLimitsTest {

    @Test
    void aTakeIsOneTo1024Messages() {
        assertFalse(ProtocolLimits.isTake(0));
        assertTrue(ProtocolLimits.isTake(1));
        assertTrue(ProtocolLimits.isTake(1024));
        assertFalse(ProtocolLimits.isTake(1025));
    }

    @Test
    void requireTakeNamesTheRangeAndWhatWasGiven() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProtocolLimits.requireTake(2000, "batch size"));
        assertEquals("batch size must be 1-1024, got 2000", e.getMessage());
    }

    @Test
    void aWaitIsZeroToOneMinute() {
        assertTrue(ProtocolLimits.isWaitMs(0));
        assertTrue(ProtocolLimits.isWaitMs(60_000));
        assertFalse(ProtocolLimits.isWaitMs(60_001));
        assertFalse(ProtocolLimits.isWaitMs(-1));
    }

    @Test
    void aLeaseIsOneMillisecondToTwelveHours() {
        assertFalse(ProtocolLimits.isLeaseMs(0));
        assertTrue(ProtocolLimits.isLeaseMs(43_200_000));
        assertFalse(ProtocolLimits.isLeaseMs(43_200_001));
    }

    @Test
    void aProducerIdOfPrintableAsciiUpTo128BytesIsFine() {
        assertNull(ProtocolLimits.producerIdProblem("x".repeat(128)));
    }

    @Test
    void aProducerIdOver128BytesIsAProblem() {
        assertEquals("a PUTID id is 1-128 bytes, got 129", ProtocolLimits.producerIdProblem("x".repeat(129)));
    }

    @Test
    void aProducerIdWithAColonIsAProblem() {
        assertEquals("a PUTID id is printable ASCII without ':' or space; character 1 is U+3a",
                ProtocolLimits.producerIdProblem("a:b"));
    }

    @Test
    void theLargestMessageFillsOnePutFrame() {
        assertEquals(ProtocolLimits.MAX_DATAGRAM_BYTES,
                RequestWriter.sizeOfPut(ProtocolLimits.MAX_MESSAGE_BYTES, false));
    }
}
