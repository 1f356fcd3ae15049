package io.udpgraph.mq;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The queue's messages as records in off-heap chunks, written and read in FIFO order, so a stored message
 * costs its bytes and a 7-byte header but no object: {@code u16 body length, u8 producer-id length,
 * u32 put time, producer id, body}. The put time counts 4.096 µs steps from its chunk's first put, which
 * keeps the wait timer's precision; a chunk whose first put is too old for that (4.9 hours) is closed. Sequence numbers are implicit (one more than the record before) unless a
 * mark says otherwise, as is a delivery count of 0; marks appear only after a gap (a PUT the journal refused)
 * or for messages recovered after a restart. A message read off the FIFO keeps its record (and so its chunk)
 * until it is {@link #release released}; a chunk both read past and released whole goes back to a small pool
 * or to the operating system.
 *
 * <p>Not thread-safe: {@link QueueStore} guards it with its lock.
 */
final class BodyChunks implements MessageBodies {
    /** Bytes per chunk: a 64 KB record fits with room to spare, and an idle node pays one chunk at most. */
    static final int CHUNK_BYTES = 256 * 1024;
    /** Chunks kept for reuse once drained; more go back to the operating system. */
    static final int POOLED_CHUNKS = 4;
    static final int HEADER_BYTES = 7;
    private static final int TIME_SHIFT = 12;
    private static final long MAX_TIME_STEPS = 0xFFFF_FFFFL;
    private static final int OFFSET_BITS = 20;
    private static final int SEQ_MARK = 0xFFFF;
    private static final int DELIVERIES_MARK = 0xFFFE;
    private static final MethodHandle FREE = freeHandle();

    private ByteBuffer[] buffers = new ByteBuffer[8];
    private int[] limit = new int[8];
    private int[] live = new int[8];
    private int[] next = new int[8];
    private boolean[] readPast = new boolean[8];
    private long[] baseNanos = new long[8];
    private int[] freeIds = new int[8];
    private int freeIdCount;
    private int chunkIds;
    private final ByteBuffer[] pool = new ByteBuffer[POOLED_CHUNKS];
    private int pooled;
    private int allocated;
    private long chunksEverAllocated;

    private int tail = -1;
    private long tailSeq = -1;
    private int head = -1;
    private int headOffset;
    private long headSeq;
    private long unread;

    @Override
    public void append(long seq, long putNanos, int deliveries, String producerId, ByteBuffer src, int offset, int length) {
        int idLength = producerId == null ? 0 : producerId.length();
        int marks = (seq != tailSeq ? 10 : 0) + (deliveries != 0 ? 6 : 0);
        int need = marks + HEADER_BYTES + idLength + length;
        if (tail < 0 || limit[tail] + need > CHUNK_BYTES || timeSteps(putNanos) > MAX_TIME_STEPS) {
            newTail(putNanos);
        }
        long steps = timeSteps(putNanos);
        ByteBuffer b = buffers[tail];
        int at = limit[tail];
        if (seq != tailSeq) {
            b.putShort(at, (short) SEQ_MARK).putLong(at + 2, seq);
            at += 10;
        }
        if (deliveries != 0) {
            b.putShort(at, (short) DELIVERIES_MARK).putInt(at + 2, deliveries);
            at += 6;
        }
        b.putShort(at, (short) length).put(at + 2, (byte) idLength).putInt(at + 3, (int) steps);
        at += HEADER_BYTES;
        for (int i = 0; i < idLength; i++) {
            b.put(at + i, (byte) producerId.charAt(i)); // printable ASCII, checked when it was put
        }
        at += idLength;
        b.put(at, src, offset, length);
        limit[tail] = at + length;
        live[tail]++;
        tailSeq = seq + 1;
        unread++;
    }

    /** Steps from the tail chunk's first put; a recovered message put before it (ages vary) counts from it. */
    private long timeSteps(long putNanos) {
        return Math.max(0, putNanos - baseNanos[tail]) >>> TIME_SHIFT;
    }

    private void newTail(long putNanos) {
        int id = freeIdCount > 0 ? freeIds[--freeIdCount] : chunkIds++;
        if (id >= buffers.length) {
            int n = buffers.length * 2;
            buffers = Arrays.copyOf(buffers, n);
            limit = Arrays.copyOf(limit, n);
            live = Arrays.copyOf(live, n);
            next = Arrays.copyOf(next, n);
            readPast = Arrays.copyOf(readPast, n);
            baseNanos = Arrays.copyOf(baseNanos, n);
        }
        if (pooled > 0) {
            buffers[id] = pool[--pooled];
            pool[pooled] = null;
        } else {
            buffers[id] = ByteBuffer.allocateDirect(CHUNK_BYTES);
            chunksEverAllocated++;
        }
        allocated++;
        limit[id] = 0;
        live[id] = 0;
        next[id] = -1;
        readPast[id] = false;
        baseNanos[id] = putNanos;
        if (tail >= 0) {
            next[tail] = id;
        }
        tail = id;
        if (head < 0) {
            head = id;
            headOffset = 0;
        }
    }

    /** Messages appended and not yet read off the FIFO. */
    long unread() {
        return unread;
    }

    /**
     * Reads the oldest unread message into {@code into}; it leaves the FIFO when {@code take}, else stays (a
     * peek). False when there is none.
     */
    @Override
    public boolean read(TakenMessage into, boolean take) {
        if (unread == 0) {
            return false;
        }
        int c = head;
        int at = headOffset;
        long seq = headSeq;
        int deliveries = 0;
        while (true) {
            ByteBuffer b = buffers[c];
            if (at == limit[c]) {
                int n = next[c];
                if (take) {
                    readPast(c);
                }
                c = n;
                at = 0;
                continue;
            }
            int word = b.getShort(at) & 0xFFFF;
            if (word == SEQ_MARK) {
                seq = b.getLong(at + 2);
                at += 10;
            } else if (word == DELIVERIES_MARK) {
                deliveries = b.getInt(at + 2);
                at += 6;
            } else {
                load(into, seq, deliveries, location(c, at));
                if (take) {
                    head = c;
                    headOffset = at + HEADER_BYTES + into.idLength + into.bodyLength;
                    headSeq = seq + 1;
                    unread--;
                }
                return true;
            }
        }
    }

    private void readPast(int c) {
        readPast[c] = true;
        if (live[c] == 0) {
            free(c);
        }
    }

    @Override
    public void recovered(long seq, long putNanos, int deliveries, String producerId, byte[] body, int bodyLength) {
        append(seq, putNanos, deliveries, producerId, ByteBuffer.wrap(body), 0, body.length);
    }

    @Override
    public void load(TakenMessage into, long seq, int deliveries, long location) {
        into.set(seq, deliveries, location, bodyLength(location), idLength(location), putNanos(location),
                buffer(location), idOffset(location));
    }

    /** The message at {@code location} left the node: its chunk may go once nothing else in it is held. */
    @Override
    public void release(long location) {
        int c = chunk(location);
        if (--live[c] == 0 && readPast[c]) {
            free(c);
        }
    }

    private void free(int c) {
        ByteBuffer b = buffers[c];
        buffers[c] = null;
        allocated--;
        freeIds = freeIdCount == freeIds.length ? Arrays.copyOf(freeIds, freeIds.length * 2) : freeIds;
        freeIds[freeIdCount++] = c;
        if (pooled < POOLED_CHUNKS) {
            pool[pooled++] = b;
        } else {
            release(b);
        }
    }

    static long location(int chunk, int offset) {
        return ((long) chunk << OFFSET_BITS) | offset;
    }

    private static int chunk(long location) {
        return (int) (location >>> OFFSET_BITS);
    }

    private static int offset(long location) {
        return (int) (location & ((1 << OFFSET_BITS) - 1));
    }

    /** The chunk a record is in, for copying its body or producer id out. */
    ByteBuffer buffer(long location) {
        return buffers[chunk(location)];
    }

    @Override
    public int bodyLength(long location) {
        return buffer(location).getShort(offset(location)) & 0xFFFF;
    }

    int idLength(long location) {
        return buffer(location).get(offset(location) + 2) & 0xFF;
    }

    /** The put time, rounded down to its 4.096 µs step, so a wait measured from it is never negative. */
    long putNanos(long location) {
        return baseNanos[chunk(location)] + ((buffer(location).getInt(offset(location) + 3) & MAX_TIME_STEPS) << TIME_SHIFT);
    }

    /** Where in {@link #buffer} the producer id starts. */
    int idOffset(long location) {
        return offset(location) + HEADER_BYTES;
    }




    /** Chunks in use or pooled, and the arrays that track them: what the bodies cost. */
    @Override
    public long footprintBytes() {
        return (long) (allocated + pooled) * CHUNK_BYTES + 33L * buffers.length + 4L * freeIds.length;
    }

    /** Chunks in use now. */
    int chunksInUse() {
        return allocated;
    }

    /** Chunks ever taken from the operating system; stays put while drained chunks are reused. */
    @Override
    public long chunksEverAllocated() {
        return chunksEverAllocated;
    }

    /** Gives a drained chunk's memory back now rather than when the collector finds its buffer. */
    private static void release(ByteBuffer b) {
        if (FREE == null) {
            return;
        }
        try {
            FREE.invokeExact(b);
        } catch (Throwable e) {
            // Left to the collector's cleaner, which frees it too, only later.
        }
    }

    private static MethodHandle freeHandle() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field f = unsafeClass.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Object unsafe = f.get(null);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
