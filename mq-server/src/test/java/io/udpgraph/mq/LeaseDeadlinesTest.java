package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.DelayQueue;
import org.junit.jupiter.api.Test;

/** When leases end, without a socket or the housekeeping thread: the timer is fired by hand. */
class LeaseDeadlinesTest {
    private final DelayQueue<Deadline> queue = new DelayQueue<>();
    private final List<Deadline> fired = new ArrayList<>();
    private final LeaseDeadlines deadlines = new LeaseDeadlines(queue, fired::add);

    /** Fires the one queued timer at {@code now}; returns the sequence numbers handed out to end, in order. */
    private List<Long> fireAt(long now) {
        List<Long> ended = new ArrayList<>();
        Deadline timer = queue.poll();
        if (timer == null) {
            return ended;
        }
        timer.fire();
        assertEquals(List.of(timer), fired);
        fired.clear();
        deadlines.endDue(timer, now, (seq, delivery) -> ended.add(seq));
        return ended;
    }

    @Test
    void leasesEndInTheOrderOfTheirEndsWhateverTheOrderTheyWereAddedIn() {
        List<Long> ends = new ArrayList<>();
        for (long end = 0; end < 2000; end++) {
            ends.add(end * 7);
        }
        java.util.Collections.shuffle(ends, new Random(3));
        for (long end : ends) {
            deadlines.add(end, end, 1); // the sequence number is the end, to see the order
        }
        ends.sort(null);
        List<Long> ended = new ArrayList<>();
        while (!queue.isEmpty()) {
            ended.addAll(fireAt(Long.MAX_VALUE / 2));
        }
        assertEquals(ends, ended);
        assertEquals(0, deadlines.size());
    }

    @Test
    void onlyLeasesWhoseEndHasComeAreEnded() {
        deadlines.add(100, 1, 1);
        deadlines.add(300, 2, 1);
        deadlines.add(200, 3, 1);
        assertEquals(List.of(1L, 3L), fireAt(250));
        assertEquals(1, deadlines.size());
        assertEquals(1, queue.size(), "a timer for the end still to come is queued");
        assertEquals(300, queue.peek().atNanos);
    }

    @Test
    void manyLeasesQueueOneTimerForTheEarliestEnd() {
        for (long seq = 0; seq < 10_000; seq++) {
            deadlines.add(1_000 + seq, seq, 1);
        }
        assertEquals(1, queue.size());
        deadlines.add(10, 99_999, 1);
        assertEquals(1, queue.size(), "an earlier end replaces the queued timer");
        assertEquals(10, queue.peek().atNanos);
    }

    @Test
    void aTimerThatWasReplacedEndsWhatIsDueAndQueuesNoSecondTimer() {
        deadlines.add(500, 1, 1);
        Deadline replaced = queue.peek();
        deadlines.add(100, 2, 1);
        Deadline current = queue.poll();
        // the housekeeping thread took both from the queue, the replaced one first
        assertEquals(List.of(2L), endAt(replaced, 200));
        assertTrue(queue.isEmpty(), "the current timer is still to fire, and queues the next");
        assertEquals(List.of(), endAt(current, 200));
        assertEquals(1, queue.size());
        assertEquals(500, queue.peek().atNanos);
    }

    private List<Long> endAt(Deadline timer, long now) {
        List<Long> ended = new ArrayList<>();
        deadlines.endDue(timer, now, (seq, delivery) -> ended.add(seq));
        return ended;
    }

    @Test
    void oneTurnEndsAtMostItsShareAndQueuesTheRestDue() {
        for (long seq = 0; seq < LeaseDeadlines.MAX_ENDS_PER_TURN + 5; seq++) {
            deadlines.add(seq, seq, 1);
        }
        assertEquals(LeaseDeadlines.MAX_ENDS_PER_TURN, fireAt(1_000_000).size());
        assertEquals(5, fireAt(1_000_000).size());
        assertTrue(queue.isEmpty());
    }

    @Test
    void retainIfDropsTheLeasesThatEndedEarlyAndKeepsTheOrderOfTheRest() {
        Set<Long> acked = new HashSet<>();
        for (long seq = 0; seq < 1000; seq++) {
            deadlines.add(1000 - seq, seq, (int) (seq % 3) + 1);
            if (seq % 2 == 0) {
                acked.add(seq);
            }
        }
        deadlines.retainIf((seq, delivery) -> !acked.contains(seq) && delivery == (int) (seq % 3) + 1);
        assertEquals(500, deadlines.size());
        List<Long> ended = fireAt(Long.MAX_VALUE / 2);
        assertEquals(500, ended.size());
        for (int i = 1; i < ended.size(); i++) {
            assertTrue(ended.get(i - 1) > ended.get(i), "later sequence numbers end first here");
            assertFalse(acked.contains(ended.get(i)));
        }
    }
}
