package io.udpgraph.mq;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Loads what a journal kept from an earlier run into a fresh {@link QueueStore}, once, before any request. */
final class StoreRecovery {
    private StoreRecovery() {
    }

    /** Returns the messages taken back; the store's lock is held. */
    static long recover(QueueStore store, StoreJournal journal, long dedupWindowNanos) throws IOException {
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        List<SeenId> seen = new ArrayList<>();
        long[] count = {0};
        journal.recover(new StoreJournal.Recovery() {
            @Override
            public void message(long seq, String producerId, byte[] body, int bodyLength, int deliveries,
                                long enqueuedAtMillis) {
                long age = TimeUnit.MILLISECONDS.toNanos(Math.max(0, nowMillis - enqueuedAtMillis));
                store.recovered(seq, nowNanos - age, deliveries, producerId, body, bodyLength);
                if (producerId != null) {
                    seen.add(new SeenId(producerId, enqueuedAtMillis));
                }
                count[0]++;
            }

            @Override
            public void producerId(String producerId, long acceptedAtMillis) {
                seen.add(new SeenId(producerId, acceptedAtMillis));
            }

            @Override
            public void nextSeq(long seq) {
                store.continueNumberingFrom(seq);
            }
        });
        // The window forgets in insertion order, so it must learn the ids oldest first.
        seen.sort(Comparator.comparingLong(SeenId::atMillis));
        for (SeenId id : seen) {
            long age = TimeUnit.MILLISECONDS.toNanos(Math.max(0, nowMillis - id.atMillis()));
            if (age < dedupWindowNanos) {
                store.rememberId(id.id(), nowNanos - age);
            }
        }
        return count[0];
    }

    private record SeenId(String id, long atMillis) {
    }
}
