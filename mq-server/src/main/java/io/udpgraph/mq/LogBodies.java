package io.udpgraph.mq;

import io.udpgraph.mq.log.LongLongMap;
import io.udpgraph.mq.log.PutView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The bodies of a durable node's messages, left in its log: the node keeps only the numbers it has not handed
 * out yet (a range, since the log numbers messages in arrival order) and reads each body back through the log's
 * index when it delivers it, so its memory does not grow with the bytes of its backlog. A location is the
 * body's length, which the node's byte count needs when the message leaves.
 *
 * <p>Not thread-safe: {@link QueueStore} guards it with its lock.
 */
final class LogBodies implements MessageBodies {
    private final StoreJournal journal;
    private final PutView view = new PutView();
    /** Delivery counts of messages that came back from an earlier run, until they are read off the FIFO. */
    private final LongLongMap countsAtStart = new LongLongMap(16);
    /** The numbers not yet read off the FIFO are those in {@code [cursor, end)} that are still live in the log. */
    private long cursor;
    private long end;

    LogBodies(StoreJournal journal) {
        this.journal = journal;
    }

    @Override
    public void append(long seq, long putNanos, int deliveries, String producerId, ByteBuffer src, int offset, int length) {
        note(seq, deliveries);
    }

    @Override
    public void recovered(long seq, long putNanos, int deliveries, String producerId, byte[] body, int bodyLength) {
        note(seq, deliveries);
    }

    private void note(long seq, int deliveries) {
        if (cursor == end) {
            cursor = seq;
        }
        end = Math.max(end, seq + 1);
        if (deliveries != 0) {
            countsAtStart.put(seq, deliveries);
        }
    }

    @Override
    public boolean read(TakenMessage into, boolean take) throws UnreadableMessageException {
        while (cursor < end) {
            long seq = cursor;
            boolean live;
            try {
                live = journal.readPut(seq, view);
            } catch (IOException e) {
                if (take) {
                    cursor++;
                    countsAtStart.remove(seq);
                }
                throw new UnreadableMessageException(seq, e);
            }
            if (!live) {
                // A number the journal refused to store: nothing to deliver.
                cursor++;
                continue;
            }
            int deliveries = (int) countsAtStart.get(seq, 0);
            if (take) {
                cursor++;
                countsAtStart.remove(seq);
            }
            fill(into, seq, deliveries);
            return true;
        }
        return false;
    }

    @Override
    public void load(TakenMessage into, long seq, int deliveries, long location) throws UnreadableMessageException {
        try {
            if (!journal.readPut(seq, view)) {
                throw new IOException("the log no longer holds it");
            }
        } catch (IOException e) {
            throw new UnreadableMessageException(seq, e);
        }
        fill(into, seq, deliveries);
    }

    private void fill(TakenMessage into, long seq, int deliveries) {
        long ageNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, System.currentTimeMillis() - view.enqueuedAtMillis()));
        into.set(seq, deliveries, view.bodyLength(), view.bodyLength(), view.idLength(), System.nanoTime() - ageNanos,
                view.buffer(), view.idOffset());
    }

    @Override
    public void release(long location) {
    }

    @Override
    public int bodyLength(long location) {
        return (int) location;
    }

    /** The read buffer, the counts kept from the last run, and the log's own index and buffers. */
    @Override
    public long footprintBytes() {
        return view.buffer().capacity() + countsAtStart.footprintBytes() + journal.memoryBytes();
    }

    @Override
    public long chunksEverAllocated() {
        return 0;
    }
}
