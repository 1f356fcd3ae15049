package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.udpgraph.protocol.ProtocolLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
    @Test
    void theBatchSizeIsBoundByWhatOneGetOrLeaseMayAskFor() {
        assertEquals(ProtocolLimits.MAX_TAKE, WorkerConfig.defaults().batchSize(ProtocolLimits.MAX_TAKE).batchSize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerConfig.defaults().batchSize(ProtocolLimits.MAX_TAKE + 1));
        assertEquals("batch size must be 1-1024, got 1025", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WorkerConfig.defaults().batchSize(0));
    }

    @Test
    void aLongPollPastTheProtocolsLongestWaitIsRefused() {
        WorkerConfig.defaults().longPollWait(Duration.ofSeconds(60));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerConfig.defaults().longPollWait(Duration.ofSeconds(61)));
        assertEquals("long-poll wait must be 0-60 s, got PT1M1S", e.getMessage());
    }

    @Test
    void aLeaseTimeANodeWouldRefuseIsRefusedAtTheStart() {
        WorkerConfig.defaults().leaseTime(Duration.ofHours(12));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerConfig.defaults().leaseTime(Duration.ofHours(13)));
        assertEquals("lease time must be 1 ms to 12 h, got PT13H", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WorkerConfig.defaults().leaseTime(Duration.ZERO));
    }
}
