package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ReplyBudgetsTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aSourceInDebtIsRefusedUntilItsBucketRefills() throws Exception {
        ReplyBudgets b = new ReplyBudgets(100_000, 10);
        InetAddress a = InetAddress.getByName("10.0.0.1");
        b.charge(a, 150_000, 0);
        assertFalse(b.admits(a, SECOND / 10));
        assertTrue(b.admits(a, SECOND));
    }

    @Test
    void theTableKeepsAtMostItsBoundOfSources() throws Exception {
        ReplyBudgets b = new ReplyBudgets(100_000, 10);
        for (int i = 0; i < 1000; i++) {
            b.charge(InetAddress.getByName("10.0." + (i / 250) + "." + (i % 250)), 10, 0);
        }
        assertEquals(10, b.sources());
    }
}
