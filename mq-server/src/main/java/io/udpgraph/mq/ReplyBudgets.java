package io.udpgraph.mq;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets on reply bytes, one per source address: a source may draw {@code rate} bytes a second, with a
 * burst of one second's worth. A request is served while its source's bucket is not in debt, and its reply is
 * charged after it is sent, so a request is either served whole or refused before it changes anything. The table
 * holds at most {@code maxSources} buckets; the least recently used goes first (it comes back full, which costs
 * at most one burst per evicted source and never a message). A plain object with the clock passed in; callers
 * lock around it.
 */
final class ReplyBudgets {
    private final long rate;
    private final int maxSources;
    private final Map<InetAddress, long[]> buckets; // {tokens, lastNanos}

    ReplyBudgets(long bytesPerSecond, int maxSources) {
        this.rate = bytesPerSecond;
        this.maxSources = maxSources;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, long[]> eldest) {
                return size() > ReplyBudgets.this.maxSources;
            }
        };
    }

    /** True when {@code source} may be served at {@code nowNanos}: its bucket is not in debt. */
    boolean admits(InetAddress source, long nowNanos) {
        long[] b = buckets.get(source);
        if (b == null) {
            return true;
        }
        refill(b, nowNanos);
        return b[0] > 0;
    }

    /** Charges {@code bytes} sent to {@code source} at {@code nowNanos}; the bucket may go into debt. */
    void charge(InetAddress source, int bytes, long nowNanos) {
        long[] b = buckets.get(source);
        if (b == null) {
            b = new long[] {rate, nowNanos};
            buckets.put(source, b);
        }
        refill(b, nowNanos);
        b[0] -= bytes;
    }

    private void refill(long[] b, long nowNanos) {
        long elapsed = nowNanos - b[1];
        if (elapsed <= 0) {
            return;
        }
        // rate * elapsed / 1e9 without overflow for rates up to 2^33 and gaps up to an hour
        long add = elapsed >= 1_000_000_000L ? rate : (long) ((double) rate * elapsed / 1e9);
        b[0] = Math.min(rate, b[0] + add);
        b[1] = nowNanos;
    }

    /** Sources with a bucket now. */
    int sources() {
        return buckets.size();
    }
}
