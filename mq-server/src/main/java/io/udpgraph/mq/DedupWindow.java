package io.udpgraph.mq;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The producer ids of recent {@code PUTID}s: at most {@code maxIds} of them, none older than {@code maxAgeNanos}.
 * Not thread-safe: the store calls it under its dedup lock.
 */
final class DedupWindow {
    private final int maxIds;
    private final long maxAgeNanos;
    private final LinkedHashMap<String, Long> seenAt = new LinkedHashMap<>();

    DedupWindow(int maxIds, long maxAgeNanos) {
        this.maxIds = maxIds;
        this.maxAgeNanos = maxAgeNanos;
    }

    /** True when {@code id} was recorded inside the window (forgetting what has left it first). */
    boolean contains(String id, long nowNanos) {
        expire(nowNanos);
        return seenAt.containsKey(id);
    }

    /** Remembers {@code id} as put now. */
    void record(String id, long nowNanos) {
        if (maxIds == 0) {
            return;
        }
        seenAt.put(id, nowNanos);
        while (seenAt.size() > maxIds) {
            Iterator<String> oldest = seenAt.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    int size() {
        return seenAt.size();
    }

    private void expire(long nowNanos) {
        Iterator<Map.Entry<String, Long>> it = seenAt.entrySet().iterator();
        while (it.hasNext()) {
            if (nowNanos - it.next().getValue() >= maxAgeNanos) {
                it.remove();
            } else {
                return; // insertion order is time order
            }
        }
    }
}
