package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecisionsTest {

    @Test
    void aDrawDependsOnlyOnSeedDirectionSequenceFaultAndDraw() {
        double u = Decisions.uniform(7, Direction.UP, 1234, 3, 0);
        assertEquals(u, Decisions.uniform(7, Direction.UP, 1234, 3, 0));
        assertNotEquals(u, Decisions.uniform(8, Direction.UP, 1234, 3, 0));
        assertNotEquals(u, Decisions.uniform(7, Direction.DOWN, 1234, 3, 0));
        assertNotEquals(u, Decisions.uniform(7, Direction.UP, 1235, 3, 0));
        assertNotEquals(u, Decisions.uniform(7, Direction.UP, 1234, 4, 0));
        assertNotEquals(u, Decisions.uniform(7, Direction.UP, 1234, 3, 1));
    }

    @Test
    void drawsAreUniformEnoughForProbabilities() {
        int n = 200_000;
        int[] buckets = new int[10];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            double u = Decisions.uniform(42, Direction.UP, k, 1, 0);
            assertTrue(u >= 0 && u < 1);
            buckets[(int) (u * 10)]++;
            sum += u;
        }
        for (int b : buckets) {
            assertTrue(Math.abs(b - n / 10) < n / 100, "bucket of " + b);
        }
        assertEquals(0.5, sum / n, 0.005);
    }

    @Test
    void gilbertElliottLosesAboutPOverPPlusRInLongBursts() {
        GilbertElliottState chain = new GilbertElliottState(new FaultSpec.GilbertElliott(0.05, 0.2, 1.0, 0.0, Scope.ALL));
        int n = 100_000;
        int lost = 0;
        int bursts = 0;
        boolean previous = false;
        for (int k = 1; k <= n; k++) {
            boolean l = chain.lose(Decisions.uniform(1, Direction.UP, k, 1, 0), Decisions.uniform(1, Direction.UP, k, 1, 1));
            if (l) {
                lost++;
                if (!previous) {
                    bursts++;
                }
            }
            previous = l;
        }
        assertEquals(0.2, lost / (double) n, 0.02);
        assertEquals(5.0, lost / (double) bursts, 0.5);
    }

    @Test
    void theTimerHeapGivesPacketsBackByDueTimeThenArrival() {
        TimerHeap heap = new TimerHeap();
        long[] due = {50, 10, 30, 10, 40, 20};
        Packet[] packets = new Packet[due.length];
        for (int i = 0; i < due.length; i++) {
            packets[i] = new Packet();
            packets[i].dueNanos = due[i];
            packets[i].seq = i;
            heap.add(packets[i]);
        }
        heap.remove(packets[2]);
        long[] expected = {1, 3, 5, 4, 0};
        for (long seq : expected) {
            assertEquals(seq, heap.pollDue(100).seq);
        }
        assertEquals(0, heap.size());
    }
}
