package io.udpgraph.mq;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/**
 * The messages of one queue node: visible ones in FIFO order, leased ones by sequence number, bounded by a
 * message count and a byte count together. Fresh messages live in a JCTools multi-producer multi-consumer
 * queue; messages that became visible again (NACK, expired lease, or handed back because they did not fit
 * a reply) wait in a second queue that is served first. Every change is told to the {@link StoreJournal}.
 *
 * <p>Thread contract: every method may be called from any receiving thread and the housekeeping thread
 * at once. {@link #poll()} hands a message to one caller, who must then {@link #consume}, {@link #lease}
 * or {@link #pushBack} it.
 */
final class QueueStore {
    /** What {@link #put} did. */
    enum PutOutcome { STORED, DUPLICATE, FULL_MESSAGES, FULL_BYTES }

    private static final int CHUNK_SIZE = 4096;

    private final int capacityMessages;
    private final long capacityBytes;
    private final int maxDeliveries;
    private final StoreJournal journal;
    private final DelayQueue<Deadline> deadlines;
    private final Consumer<StoredMessage> deadLetters;
    private final Consumer<IOException> journalFailures;
    private final MpmcUnboundedXaddArrayQueue<StoredMessage> fresh = new MpmcUnboundedXaddArrayQueue<>(CHUNK_SIZE);
    private final ConcurrentLinkedDeque<StoredMessage> returned = new ConcurrentLinkedDeque<>();
    private final ConcurrentHashMap<Long, LeaseRecord> leases = new ConcurrentHashMap<>();
    private final AtomicLong nextSeq = new AtomicLong(1);
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong visible = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong deduplicated = new AtomicLong();
    private final ReentrantLock dedupLock = new ReentrantLock();
    private final DedupWindow dedup;
    private final long dedupWindowNanos;
    private volatile Runnable onVisible = () -> { };

    QueueStore(QueueConfig config, DelayQueue<Deadline> deadlines, Consumer<StoredMessage> deadLetters,
               Consumer<IOException> journalFailures) {
        this.capacityMessages = config.capacityMessages();
        this.capacityBytes = config.capacityBytes();
        this.maxDeliveries = config.maxDeliveries();
        this.journal = config.journal();
        this.deadlines = deadlines;
        this.deadLetters = deadLetters;
        this.journalFailures = journalFailures;
        this.dedupWindowNanos = config.dedupWindowTime().toNanos();
        this.dedup = new DedupWindow(config.dedupWindowMessages(), dedupWindowNanos);
    }

    /** Runs whenever messages become visible, so parked long polls can be served. */
    void onVisible(Runnable r) {
        this.onVisible = r;
    }

    /**
     * Takes back what the journal kept from an earlier run; called once, before any request. Messages come back
     * visible, oldest first, with their delivery counts and their time in the queue; a lease in force at the
     * stop ended with it. Producer ids still inside the dedup window are remembered.
     */
    long recover() throws IOException {
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        List<SeenId> seen = new ArrayList<>();
        long[] count = {0};
        journal.recover(new StoreJournal.Recovery() {
            @Override
            public void message(long seq, String producerId, byte[] body, int deliveries, long enqueuedAtMillis) {
                long age = TimeUnit.MILLISECONDS.toNanos(Math.max(0, nowMillis - enqueuedAtMillis));
                fresh.offer(new StoredMessage(seq, producerId, body, nowNanos - age, deliveries));
                stored.incrementAndGet();
                bytes.addAndGet(body.length);
                visible.incrementAndGet();
                nextSeq(seq + 1);
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
                nextSeq.accumulateAndGet(seq, Math::max);
            }
        });
        // The window forgets in insertion order, so it must learn the ids oldest first.
        seen.sort(Comparator.comparingLong(SeenId::atMillis));
        for (SeenId id : seen) {
            long age = TimeUnit.MILLISECONDS.toNanos(Math.max(0, nowMillis - id.atMillis()));
            if (age < dedupWindowNanos) {
                dedup.record(id.id(), nowNanos - age);
            }
        }
        return count[0];
    }

    private record SeenId(String id, long atMillis) {
    }

    /**
     * Stores a message unless the node is full or, for a producer id seen inside the dedup window, it was
     * stored already. The journal hears of it before it becomes visible.
     */
    PutOutcome put(String producerId, byte[] body) throws IOException {
        if (producerId == null) {
            return store(null, body);
        }
        dedupLock.lock();
        try {
            long now = System.nanoTime();
            if (dedup.contains(producerId, now)) {
                deduplicated.incrementAndGet();
                return PutOutcome.DUPLICATE;
            }
            PutOutcome outcome = store(producerId, body);
            if (outcome == PutOutcome.STORED) {
                dedup.record(producerId, now);
            }
            return outcome;
        } finally {
            dedupLock.unlock();
        }
    }

    private PutOutcome store(String producerId, byte[] body) throws IOException {
        if (stored.incrementAndGet() > capacityMessages) {
            stored.decrementAndGet();
            return PutOutcome.FULL_MESSAGES;
        }
        if (bytes.addAndGet(body.length) > capacityBytes) {
            bytes.addAndGet(-body.length);
            stored.decrementAndGet();
            return PutOutcome.FULL_BYTES;
        }
        long seq = nextSeq.getAndIncrement();
        try {
            journal.appended(seq, producerId, body);
        } catch (IOException | RuntimeException e) {
            bytes.addAndGet(-body.length);
            stored.decrementAndGet();
            throw e;
        }
        fresh.offer(new StoredMessage(seq, producerId, body, System.nanoTime(), 0));
        visible.incrementAndGet(); // also the fence between the offer and the waiter check in onVisible
        onVisible.run();
        return PutOutcome.STORED;
    }

    /**
     * Makes the changes so far (PUTs, GETs, leases, ACKs) as durable as the journal promises; call it before
     * answering them. The journal shares one sync among everything written before it.
     */
    void commit() throws IOException {
        journal.commit();
    }

    /** {@link #commit()} where nobody can be told of a failure but the log: a reply with messages goes out anyway. */
    void commitQuietly() {
        try {
            journal.commit();
        } catch (IOException | RuntimeException e) {
            journalFailures.accept(asIo(e));
        }
    }

    /** Counts and logs a journal failure that stopped a change (the caller refuses its request). */
    void journalFailed(IOException e) {
        journalFailures.accept(e);
    }

    /** Hands the oldest visible message to the caller, or {@code null} when none is visible. */
    StoredMessage poll() {
        StoredMessage m = returned.pollFirst();
        if (m == null) {
            m = fresh.poll();
        }
        if (m != null) {
            visible.decrementAndGet();
        }
        return m;
    }

    /** The body of the message {@link #poll()} would hand out next, left in place; {@code null} when none. */
    byte[] peek() {
        StoredMessage m = returned.peekFirst();
        if (m == null) {
            m = fresh.peek();
        }
        return m == null ? null : m.body;
    }

    /**
     * The polled message is delivered for good (a GET): it leaves the node once the journal recorded that.
     *
     * @throws IOException when the journal could not record it (a full disk): nothing changed, and the caller
     *                     must give the message back ({@link #pushBack}) and not deliver it
     */
    void consume(StoredMessage m) throws IOException {
        journalOrThrow(() -> journal.removed(m.seq));
        release(m);
    }

    /** The polled message did not fit a reply: it becomes the next visible message again. */
    void pushBack(StoredMessage m, boolean notify) {
        returned.addFirst(m);
        visible.incrementAndGet();
        if (notify) {
            onVisible.run();
        }
    }

    /**
     * The polled message is leased for {@code leaseNanos}: its delivery count grows, its expiry is scheduled.
     *
     * @throws IOException when the journal could not record the lease: nothing changed, give the message back
     */
    void lease(StoredMessage m, long leaseNanos) throws IOException {
        journalOrThrow(() -> journal.delivered(m.seq, m.deliveries + 1));
        m.deliveries++;
        LeaseRecord r = new LeaseRecord(m, System.nanoTime() + leaseNanos);
        leases.put(m.seq, r);
        deadlines.add(r);
    }

    /**
     * Removes a leased message for good; false when it is not leased (never was, ACKed, or its lease ended).
     *
     * @throws IOException when the journal could not record the removal (a full disk): the lease goes on as it
     *                     was, and the ACK may be sent again
     */
    boolean ack(long seq) throws IOException {
        LeaseRecord r = leases.remove(seq);
        if (r == null) {
            return false;
        }
        try {
            journalOrThrow(() -> journal.removed(seq));
        } catch (IOException e) {
            // Not recorded, so not done: the lease goes on. Its deadline may have fired while it was out of the
            // map (and found nothing to end); then it ends here instead.
            leases.put(seq, r);
            if (r.atNanos - System.nanoTime() <= 0) {
                expire(r);
            }
            throw e;
        }
        release(r.end());
        return true;
    }

    /** A journal call whose failure stops the change that asked for it. */
    private interface JournalWrite {
        void write() throws IOException;
    }

    private static void journalOrThrow(JournalWrite write) throws IOException {
        try {
            write.write();
        } catch (RuntimeException e) {
            throw asIo(e);
        }
    }

    /** Ends a lease now; false when the message is not leased. */
    boolean nack(long seq) {
        LeaseRecord r = leases.remove(seq);
        if (r == null) {
            return false;
        }
        leaseEnded(r.end());
        return true;
    }

    private void expire(LeaseRecord r) {
        if (leases.remove(r.seq, r)) {
            leaseEnded(r.end());
        }
    }

    /**
     * Drops the deadlines of leases that ended early (ACK, NACK) once they outnumber the leases in force,
     * so a stream of short-lived leases with long lease times cannot pile up memory. Housekeeping thread.
     */
    void purgeEndedLeases() {
        if (deadlines.size() > 2 * leases.size() + 1024) {
            deadlines.removeIf(d -> d instanceof LeaseRecord r && r.ended());
        }
    }

    private void leaseEnded(StoredMessage m) {
        if (maxDeliveries > 0 && m.deliveries >= maxDeliveries) {
            release(m);
            deadLettered.incrementAndGet();
            try {
                journal.deadLettered(m.seq);
            } catch (IOException | RuntimeException e) {
                journalFailures.accept(asIo(e));
            }
            deadLetters.accept(m);
            return;
        }
        returned.addLast(m);
        visible.incrementAndGet();
        onVisible.run();
    }

    private void release(StoredMessage m) {
        bytes.addAndGet(-m.body.length);
        stored.decrementAndGet();
    }

    private static IOException asIo(Exception e) {
        return e instanceof IOException io ? io : new IOException(e.toString(), e);
    }

    /** Messages a GET could take now. */
    long visible() {
        return Math.max(0, visible.get());
    }

    /** Messages leased and not yet ACKed, NACKed or expired. */
    long leased() {
        return leases.size();
    }

    /** Messages held, visible and leased. */
    long stored() {
        return stored.get();
    }

    /** Bytes of the messages held. */
    long bytes() {
        return bytes.get();
    }

    StoreJournal journal() {
        return journal;
    }

    long deadLettered() {
        return deadLettered.get();
    }

    long deduplicated() {
        return deduplicated.get();
    }

    long capacityMessages() {
        return capacityMessages;
    }

    long capacityBytes() {
        return capacityBytes;
    }

    /**
     * A lease in force; identity tells one lease of a message from the next. Whoever removes it from the
     * lease map (so exactly one thread) ends it, which lets go of the message while the deadline may stay
     * queued until it is purged or fires.
     */
    private final class LeaseRecord extends Deadline {
        final long seq;
        private volatile StoredMessage message;

        LeaseRecord(StoredMessage message, long atNanos) {
            super(atNanos);
            this.seq = message.seq;
            this.message = message;
        }

        StoredMessage end() {
            StoredMessage m = message;
            message = null;
            return m;
        }

        boolean ended() {
            return message == null;
        }

        @Override
        void fire() {
            expire(this);
        }
    }
}
