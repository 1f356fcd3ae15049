package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.ProtocolLimits;
import org.junit.jupiter.api.Test;

class BatchPolicyTest {
    /** Sends datagrams while the policy allows only singles, and returns how many that was. */
    private static int singlesInARow(BatchPolicy p) {
        int n = 0;
        while (p.maxFrames() == 1) {
            p.sending();
            n++;
        }
        return n;
    }

    @Test
    void aNewNodeIsSentFullBatchesWithinWhatANodeTakesPerDatagram() {
        BatchPolicy p = new BatchPolicy();
        assertEquals(BatchPolicy.MAX_FRAMES_PER_DATAGRAM, p.maxFrames());
        assertTrue(BatchPolicy.MAX_FRAMES_PER_DATAGRAM <= ProtocolLimits.MAX_BATCH_COMMANDS);
    }

    @Test
    void aSingleReplyToABatchSendsSinglesForAWhileThenTwiceAsLongEachTime() {
        BatchPolicy p = new BatchPolicy();
        p.batchAnsweredOnce();
        assertEquals(BatchPolicy.FIRST_FALLBACK_DATAGRAMS, singlesInARow(p));
        p.batchAnsweredOnce();
        assertEquals(2 * BatchPolicy.FIRST_FALLBACK_DATAGRAMS, singlesInARow(p));
        assertEquals(BatchPolicy.MAX_FRAMES_PER_DATAGRAM, p.maxFrames());
    }

    @Test
    void theFallBackNeverGrowsPastItsLongest() {
        BatchPolicy p = new BatchPolicy();
        for (int i = 0; i < 20; i++) {
            p.batchAnsweredOnce();
            singlesInARow(p);
        }
        p.batchAnsweredOnce();
        assertEquals(BatchPolicy.MAX_FALLBACK_DATAGRAMS, singlesInARow(p));
    }

    @Test
    void anUnconfirmedNodeGetsSinglesAfterThreeUnansweredBatchesInARow() {
        BatchPolicy p = new BatchPolicy();
        for (int i = 1; i < BatchPolicy.BATCH_TIMEOUTS_BEFORE_SINGLES; i++) {
            p.batchUnanswered();
            assertEquals(BatchPolicy.MAX_FRAMES_PER_DATAGRAM, p.maxFrames());
        }
        p.batchUnanswered();
        assertEquals(BatchPolicy.FIRST_FALLBACK_DATAGRAMS, singlesInARow(p));
    }

    @Test
    void aNodeThatAnsweredABatchInFullIsDoubtedOnlyAfterEightUnansweredInARow() {
        BatchPolicy p = new BatchPolicy();
        p.batchAnswered();
        for (int i = 1; i < BatchPolicy.BATCH_TIMEOUTS_BEFORE_DOUBT; i++) {
            p.batchUnanswered();
            assertEquals(BatchPolicy.MAX_FRAMES_PER_DATAGRAM, p.maxFrames());
        }
        p.batchUnanswered();
        assertEquals(1, p.maxFrames());
    }

    @Test
    void aFullReplyStartsTheCountOfUnansweredBatchesAndTheFallBackLengthAgain() {
        BatchPolicy p = new BatchPolicy();
        p.batchAnsweredOnce();
        singlesInARow(p);
        p.batchUnanswered();
        p.batchUnanswered();
        p.batchAnswered();
        p.batchAnsweredOnce();
        assertEquals(BatchPolicy.FIRST_FALLBACK_DATAGRAMS, singlesInARow(p));
    }
}
