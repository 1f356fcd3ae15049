package io.udpgraph.mq;

import static io.udpgraph.mq.LeaseTable.deliveries;
import static io.udpgraph.mq.LeaseTable.location;
import static io.udpgraph.mq.LeaseTable.pack;

import io.udpgraph.protocol.ReplyWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The messages of one queue node: visible ones in FIFO order, leased ones by sequence number, bounded by a
 * message count and a byte count together. Bodies live off the heap in {@link BodyChunks}, in arrival order,
 * or, when the journal keeps them (a durable node), only in the log ({@link LogBodies}), read back on delivery;
 * messages that became visible again (NACK, expired lease, or handed back because they did not fit a reply)
 * wait in a second queue of (sequence number, record) pairs that is served first, and leased ones in a
 * primitive map, so a stored message costs no object. Every change is told to the {@link StoreJournal}.
 *
 * <p>Thread contract: one lock guards it all; every method may be called from any receiving thread and the
 * housekeeping thread. A reply is filled under {@link #lock()}: {@link #poll()} then hands out the store's one
 * {@link TakenMessage}, which the holder must {@link #consume}, {@link #lease} or {@link #pushBack}.
 */
final class QueueStore {
    private static final Logger LOG = Logger.getLogger(QueueStore.class.getName());
    /** What {@link #put} did. */
    enum PutOutcome { STORED, DUPLICATE, FULL_MESSAGES, FULL_BYTES }

    private final int capacityMessages;
    private final long capacityBytes;
    private final int maxDeliveries;
    private final StoreJournal journal;
    private final Consumer<StoredMessage> deadLetters;
    private final Consumer<IOException> journalFailures;
    private final ReentrantLock lock = new ReentrantLock();
    private final MessageBodies bodies;
    private final LongPairDeque returned = new LongPairDeque();
    private final LeaseTable leases;
    private final TakenMessage taken = new TakenMessage();
    /** For the rare reads outside a reply (PEEK, dead letters), so they never disturb {@link #taken}. */
    private final TakenMessage spare = new TakenMessage();
    private long nextSeq = 1;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong visible = new AtomicLong();
    private final AtomicLong leased = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong deduplicated = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile long footprint;
    private final DedupWindow dedup;
    private final long dedupWindowNanos;
    private volatile Runnable onVisible = () -> { };

    QueueStore(QueueConfig config, DelayQueue<Deadline> deadlines, Consumer<StoredMessage> deadLetters,
               Consumer<IOException> journalFailures) {
        this.capacityMessages = config.capacityMessages();
        this.capacityBytes = config.capacityBytes();
        this.maxDeliveries = config.maxDeliveries();
        this.journal = config.journal();
        this.bodies = journal.keepsBodies() ? new LogBodies(journal) : new BodyChunks();
        this.leases = new LeaseTable(deadlines, this::endDueLeases);
        this.deadLetters = deadLetters;
        this.journalFailures = journalFailures;
        this.dedupWindowNanos = config.dedupWindowTime().toNanos();
        this.dedup = new DedupWindow(config.dedupWindowMessages(), dedupWindowNanos);
        updateFootprint();
    }

    /** Runs whenever messages become visible, so parked long polls can be served. */
    void onVisible(Runnable r) {
        this.onVisible = r;
    }

    /**
     * Takes back what the journal kept from an earlier run; called once, before any request. Messages come back
     * visible, oldest first, with their delivery counts and their time in the queue; a lease in force at the
     * stop ended with it. Producer ids still inside the dedup window are remembered. Returns the messages taken.
     */
    long recover() throws IOException {
        lock.lock();
        try {
            return StoreRecovery.recover(this, journal, dedupWindowNanos);
        } finally {
            updateFootprint();
            lock.unlock();
        }
    }

    /** A message the journal gave back; {@link StoreRecovery} calls it, oldest first, with the lock held. */
    void recovered(long seq, long putNanos, int deliveries, String producerId, byte[] body, int bodyLength) {
        bodies.recovered(seq, putNanos, deliveries, producerId, body, bodyLength);
        stored.incrementAndGet();
        bytes.addAndGet(bodyLength);
        visible.incrementAndGet();
        continueNumberingFrom(seq + 1);
    }

    /** Numbers below {@code seq} were handed out before. */
    void continueNumberingFrom(long seq) {
        nextSeq = Math.max(nextSeq, seq);
    }

    /** A producer id accepted at {@code atNanos} (on the node's clock), to be deduplicated still. */
    void rememberId(String producerId, long atNanos) {
        dedup.record(producerId, atNanos);
    }

    /** {@link #put(String, ByteBuffer, int, int, long)} of a whole array, now. */
    PutOutcome put(String producerId, byte[] body) throws IOException {
        return put(producerId, ByteBuffer.wrap(body), 0, body.length, System.nanoTime());
    }

    /**
     * Stores {@code length} bytes of {@code src} from {@code offset} at {@code now} ({@link System#nanoTime()}, read
     * once for all the PUTs of a datagram: a clock read costs as much as storing a short message) unless the node
     * is full or, for a producer id seen inside the dedup window, it was stored already. The journal hears of it
     * before it becomes visible.
     */
    PutOutcome put(String producerId, ByteBuffer src, int offset, int length, long now) throws IOException {
        PutOutcome outcome;
        lock.lock();
        try {
            if (producerId != null && dedup.contains(producerId, now)) {
                deduplicated.incrementAndGet();
                return PutOutcome.DUPLICATE;
            }
            outcome = store(producerId, src, offset, length, now);
            if (outcome == PutOutcome.STORED && producerId != null) {
                dedup.record(producerId, now);
            }
        } finally {
            lock.unlock();
        }
        if (outcome == PutOutcome.STORED) {
            onVisible.run();
        }
        return outcome;
    }

    private PutOutcome store(String producerId, ByteBuffer src, int offset, int length, long now) throws IOException {
        if (stored.get() >= capacityMessages) {
            return PutOutcome.FULL_MESSAGES;
        }
        if (bytes.get() + length > capacityBytes) {
            return PutOutcome.FULL_BYTES;
        }
        long seq = nextSeq++;
        journal.appended(seq, producerId, src, offset, length);
        bodies.append(seq, now, 0, producerId, src, offset, length);
        stored.incrementAndGet();
        bytes.addAndGet(length);
        visible.incrementAndGet();
        updateFootprint();
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

    /** Takes the store's lock, which {@link #poll()} and what follows it need; reentrant. */
    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /**
     * Hands the oldest visible message to the lock holder, or {@code null} when none is visible. A message whose
     * body cannot be read back from the log leaves the queue on the way, logged and counted as a journal failure.
     */
    TakenMessage poll() {
        for (;;) {
            long seq = -1;
            long location = 0;
            try {
                if (!returned.isEmpty()) {
                    seq = returned.firstA();
                    long packed = returned.firstB();
                    location = location(packed);
                    returned.removeFirst();
                    bodies.load(taken, seq, deliveries(packed), location);
                } else if (!bodies.read(taken, true)) {
                    return null;
                }
                visible.decrementAndGet();
                return taken;
            } catch (UnreadableMessageException e) {
                dropUnreadable(e, seq == e.seq() ? bodies.bodyLength(location) : 0);
            }
        }
    }

    /**
     * Removes a message whose body is lost. Its length is unknown when it was never read (a damaged record):
     * the byte count is then off by it until the next start counts the log afresh.
     */
    private void dropUnreadable(UnreadableMessageException e, int bodyLength) {
        // Every lost message is worth a line, unlike the journal's other failures, which repeat the first.
        LOG.log(Level.SEVERE, e.getMessage(), e.getCause());
        unreadable.incrementAndGet();
        visible.decrementAndGet();
        try {
            journal.removed(e.seq());
        } catch (IOException | RuntimeException failed) {
            journalFailures.accept(asIo(failed));
        }
        bytes.addAndGet(-bodyLength);
        stored.decrementAndGet();
        updateFootprint();
    }

    /** The body of the message {@link #poll()} would hand out next, left in place; {@code null} when none. */
    byte[] peek() {
        lock.lock();
        try {
            for (;;) {
                try {
                    if (!returned.isEmpty()) {
                        long packed = returned.firstB();
                        bodies.load(spare, returned.firstA(), deliveries(packed), location(packed));
                        return spare.body();
                    }
                    return bodies.read(spare, false) ? spare.body() : null;
                } catch (UnreadableMessageException e) {
                    // The next poll drops it; PEEK shows what that poll would deliver.
                    TakenMessage m = poll();
                    if (m == null) {
                        return null;
                    }
                    pushBack(m);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes the taken message's body into a GET frame, straight from where it is kept. */
    void writeMessage(ReplyWriter out, TakenMessage m) {
        out.message(m.buffer, m.bodyOffset(), m.bodyLength);
    }

    /** Writes the taken message into a LEASE frame as its delivery number {@code deliveries}. */
    void writeLease(ReplyWriter out, TakenMessage m, int deliveries, long tag) {
        out.lease(m.seq, tag, deliveries, m.buffer, m.idOffset, m.idLength, m.bodyLength);
    }

    /**
     * The polled message is delivered for good (a GET): it leaves the node once the journal recorded that.
     *
     * @throws IOException when the journal could not record it (a full disk): nothing changed, and the caller
     *                     must give the message back ({@link #pushBack}) and not deliver it
     */
    void consume(TakenMessage m) throws IOException {
        journalRemoved(m.seq);
        release(m.location, m.bodyLength);
    }

    /** The polled message did not fit a reply: it becomes the next visible message again. */
    void pushBack(TakenMessage m) {
        returned.addFirst(m.seq, pack(m.location, m.deliveries));
        visible.incrementAndGet();
    }

    /**
     * The polled message is leased for {@code leaseNanos} from {@code now} (read once for all the messages of one
     * reply): its delivery count grows, its expiry is scheduled.
     *
     * @throws IOException when the journal could not record the lease: nothing changed, give the message back
     */
    void lease(TakenMessage m, long leaseNanos, long now) throws IOException {
        int deliveries = Math.min(LeaseTable.MAX_COUNTED_DELIVERIES, m.deliveries + 1);
        try {
            journal.delivered(m.seq, deliveries);
        } catch (RuntimeException e) {
            throw asIo(e);
        }
        leases.add(m.seq, m.location, deliveries, now + leaseNanos);
        leased.incrementAndGet();
        updateFootprint();
    }

    /**
     * Removes a leased message for good; false when it is not leased (never was, ACKed, or its lease ended).
     *
     * @throws IOException when the journal could not record the removal (a full disk): the lease goes on as it
     *                     was, and the ACK may be sent again
     */
    boolean ack(long seq) throws IOException {
        lock.lock();
        try {
            long packed = leases.get(seq);
            if (packed < 0) {
                return false;
            }
            journalRemoved(seq);
            leases.remove(seq);
            leased.decrementAndGet();
            long location = location(packed);
            release(location, bodies.bodyLength(location));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Tells the journal of a removal, a failure of any kind as an IOException; no lambda, as it runs per message. */
    private void journalRemoved(long seq) throws IOException {
        try {
            journal.removed(seq);
        } catch (RuntimeException e) {
            throw asIo(e);
        }
    }

    /** Ends a lease now; false when the message is not leased. */
    boolean nack(long seq) {
        return endLease(seq, -1);
    }

    /** Ends the lease of {@code seq} if it is the one that counted {@code deliveries} (any lease when negative). */
    private boolean endLease(long seq, int deliveries) {
        boolean visibleAgain;
        lock.lock();
        try {
            long packed = leases.inForce(seq, deliveries);
            if (packed < 0) {
                return false;
            }
            visibleAgain = endLocked(seq, packed);
        } finally {
            lock.unlock();
        }
        if (visibleAgain) {
            onVisible.run();
        }
        return true;
    }

    /** Ends the lease in force {@code packed} of {@code seq}; true when the message is visible again. Under the lock. */
    private boolean endLocked(long seq, long packed) {
        leases.remove(seq);
        leased.decrementAndGet();
        return leaseEnded(seq, packed);
    }

    /** Ends the leases whose time has come when the lease timer {@code fired} (housekeeping thread). */
    private void endDueLeases(Deadline fired) {
        boolean visibleAgain;
        lock.lock();
        try {
            visibleAgain = leases.endDue(fired, System.nanoTime(), (seq, deliveries) -> {
                long packed = leases.inForce(seq, deliveries);
                return packed >= 0 && endLocked(seq, packed);
            });
        } finally {
            lock.unlock();
        }
        if (visibleAgain) {
            onVisible.run();
        }
    }

    /** See {@link LeaseTable#dropEndedEarly}; housekeeping thread. */
    void purgeEndedLeases() {
        lock.lock();
        try {
            if (leases.dropEndedEarly(leased.get())) {
                updateFootprint();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lease ends scheduled, those of leases that ended early included; read without the lock (tests of the upkeep). */
    int scheduledLeaseEnds() {
        return leases.scheduledEnds();
    }

    /** True when the message went back to the visible ones, false when it was dead-lettered. */
    private boolean leaseEnded(long seq, long packed) {
        int deliveries = deliveries(packed);
        long location = location(packed);
        if (maxDeliveries > 0 && deliveries >= maxDeliveries) {
            StoredMessage m = null;
            try {
                bodies.load(spare, seq, deliveries, location);
                m = new StoredMessage(seq, spare.producerId(), spare.body(), spare.putNanos, deliveries);
            } catch (UnreadableMessageException e) {
                LOG.log(Level.SEVERE, e.getMessage() + " (it had reached its delivery limit)", e.getCause());
                unreadable.incrementAndGet();
            }
            release(location, bodies.bodyLength(location));
            deadLettered.incrementAndGet();
            try {
                journal.deadLettered(seq);
            } catch (IOException | RuntimeException e) {
                journalFailures.accept(asIo(e));
            }
            if (m != null) {
                deadLetters.accept(m);
            }
            return false;
        }
        returned.addLast(seq, packed);
        visible.incrementAndGet();
        updateFootprint();
        return true;
    }

    private void release(long location, int length) {
        bodies.release(location);
        bytes.addAndGet(-length);
        stored.decrementAndGet();
        updateFootprint();
    }

    private void updateFootprint() {
        footprint = bodies.footprintBytes() + returned.footprintBytes() + leases.footprintBytes();
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
        return leased.get();
    }

    /** Messages held, visible and leased. */
    long stored() {
        return stored.get();
    }

    /** Bytes of the messages held. */
    long bytes() {
        return bytes.get();
    }

    /** Bytes the store takes to hold them: its bodies (chunks, or the log's index and buffers) and its index arrays. */
    long memoryBytes() {
        return footprint;
    }

    /** Chunks ever allocated, for tests that check drained chunks are reused. */
    long chunksEverAllocated() {
        lock.lock();
        try {
            return bodies.chunksEverAllocated();
        } finally {
            lock.unlock();
        }
    }

    StoreJournal journal() {
        return journal;
    }

    long deadLettered() {
        return deadLettered.get();
    }

    /** Messages lost because their body could not be read back from the log. */
    long unreadable() {
        return unreadable.get();
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
}
