package io.udpgraph.mq;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The parked long polls, grouped by source address, with their bounds: at most {@code maxTotal} waiters, at most
 * {@code maxPerSource} from one address, at most {@code maxBytes} of replies held for them. A message goes to the
 * source with the fewest waiters (the oldest of them), so one sender with many ports cannot take every slot nor
 * every message. A plain object, not thread-safe: {@link LongPolls} calls it under its lock.
 *
 * @param <W> what is parked
 */
final class WaitingRoom<W> {
    private final int maxTotal;
    private final int maxPerSource;
    private final long maxBytes;
    private final Map<InetAddress, ArrayDeque<Entry<W>>> bySource = new HashMap<>();
    private int total;
    private long bytes;

    WaitingRoom(int maxTotal, int maxPerSource, long maxBytes) {
        this.maxTotal = maxTotal;
        this.maxPerSource = maxPerSource;
        this.maxBytes = maxBytes;
    }

    /** True when a waiter from {@code source} holding {@code heldBytes} may be parked now. */
    boolean admits(InetAddress source, int heldBytes) {
        if (total >= maxTotal || bytes + heldBytes > maxBytes) {
            return false;
        }
        ArrayDeque<Entry<W>> q = bySource.get(source);
        return q == null || q.size() < maxPerSource;
    }

    /** Parks {@code w}; the caller checked {@link #admits}. */
    void add(InetAddress source, W w, int heldBytes) {
        bySource.computeIfAbsent(source, k -> new ArrayDeque<>()).addLast(new Entry<>(w, heldBytes));
        total++;
        bytes += heldBytes;
    }

    /** The waiter to serve next (the oldest of the source with fewest waiters), or null; it stays until removed. */
    W next() {
        ArrayDeque<Entry<W>> best = null;
        for (ArrayDeque<Entry<W>> q : bySource.values()) {
            if (best == null || q.size() < best.size()) {
                best = q;
                if (best.size() == 1) {
                    break;
                }
            }
        }
        return best == null ? null : best.peekFirst().waiter;
    }

    /** Takes {@code w} out, served or expired; false when it was not parked. */
    boolean remove(InetAddress source, W w) {
        ArrayDeque<Entry<W>> q = bySource.get(source);
        if (q == null) {
            return false;
        }
        for (Iterator<Entry<W>> it = q.iterator(); it.hasNext(); ) {
            Entry<W> e = it.next();
            if (e.waiter == w) {
                it.remove();
                total--;
                bytes -= e.heldBytes;
                if (q.isEmpty()) {
                    bySource.remove(source);
                }
                return true;
            }
        }
        return false;
    }

    /** Waiters parked now. */
    int size() {
        return total;
    }

    /** Reply bytes held for the parked waiters. */
    long bytes() {
        return bytes;
    }

    /** Source addresses with a waiter now. */
    int sources() {
        return bySource.size();
    }

    private record Entry<W>(W waiter, int heldBytes) {
    }
}
