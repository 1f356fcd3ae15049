package io.udpgraph.mq;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.udpgraph.mq.log.PutView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Told of every change to a queue node's stored messages, in the order the node makes them, so a durable
 * log can follow the store and give it back after a restart. {@link #NONE} keeps nothing.
 *
 * <p>Thread contract: a node with several receiving threads calls these methods from all of them and from
 * its housekeeping thread at once; an implementation serialises them itself. A method that throws makes
 * the node refuse the request that caused it with {@code ERR internal} and leave the message as it was
 * ({@link #appended}, {@link #removed}, {@link #delivered}: a change the journal cannot record is not made), or
 * log and count the failure ({@link #deadLettered}, whose message has already left the node's hands). A sequence number names one
 * message for its whole life in the node, across redeliveries and restarts.
 */
public interface StoreJournal extends AutoCloseable {

    /** A journal that keeps nothing: the node holds its messages in memory only. */
    StoreJournal NONE = new StoreJournal() {
        @Override
        public void appended(long seq, String producerId, byte[] body) {
        }

        @Override
        public void appended(long seq, String producerId, ByteBuffer src, int offset, int length) {
        }

        @Override
        public void removed(long seq) {
        }

        @Override
        public void delivered(long seq, int deliveries) {
        }

        @Override
        public void deadLettered(long seq) {
        }

        @Override
        public String toString() {
            return "none";
        }
    };

    /**
     * Called once when the node starts, before its socket is bound: hand every message still stored to
     * {@code into}, oldest first. The node continues numbering after the highest sequence number it is given.
     */
    default void recover(Recovery into) throws IOException {
    }

    /**
     * True when {@link #commit()} does I/O that one call can do for many requests (a log, which writes what was
     * staged and, under {@code --fsync always}, forces): the node then serves each turn of waiting datagrams
     * under one commit and sends their replies after it.
     */
    default boolean commitsPerTurn() {
        return false;
    }

    /**
     * True when the journal holds every body and reads it back with {@link #readPut}: the node then keeps only
     * the numbers of its messages in memory and reads each body back when it delivers it.
     */
    default boolean keepsBodies() {
        return false;
    }

    /**
     * Reads live message {@code seq}'s body, producer id and put time back into {@code into}, for a journal that
     * {@link #keepsBodies() keeps bodies}; false when {@code seq} is not live.
     *
     * @throws IOException when it cannot be read back (a damaged record, a failing disk)
     */
    default boolean readPut(long seq, PutView into) throws IOException {
        throw new UnsupportedOperationException(this + " keeps no bodies");
    }

    /** Bytes of memory the journal holds (an index, buffers), for the node's {@code mq_memory_bytes}. */
    default long memoryBytes() {
        return 0;
    }

    /**
     * A message was stored. {@code producerId} is the {@code PUTID} id or {@code null}. The node answers the
     * PUT only after this and then {@link #commit()} returned; a journal may write here and sync in commit, so
     * that one sync covers the PUTs of a whole datagram.
     */
    void appended(long seq, String producerId, byte[] body) throws IOException;

    /** {@link #appended(long, String, byte[])} of {@code length} bytes of {@code src} from {@code offset}. */
    default void appended(long seq, String producerId, ByteBuffer src, int offset, int length) throws IOException {
        byte[] body = new byte[length];
        src.get(offset, body);
        appended(seq, producerId, body);
    }

    /**
     * Makes every change told so far ({@link #appended}, {@link #removed}, {@link #delivered}) as durable as the
     * journal promises; those methods may write and leave the sync to this. The node calls it before it answers
     * the commands that made the changes (one call for the PUTs of a datagram, for the messages of one GET or
     * LEASE, for the ids of one ACK), and before it runs a command that may depend on them.
     */
    default void commit() throws IOException {
    }

    /** A message left the node for good: taken by a GET, or ACKed after a lease. */
    void removed(long seq) throws IOException;

    /** A message was leased; {@code deliveries} counts this lease (1 for the first). */
    void delivered(long seq, int deliveries) throws IOException;

    /** A message reached its delivery limit and left the node for the dead-letter node (or was dropped). */
    void deadLettered(long seq) throws IOException;

    /**
     * Registers the journal's own meters with the node's tags and returns them, so the node can remove them
     * when it closes; a journal that keeps nothing has none.
     */
    default List<Meter> registerMeters(MeterRegistry registry, Tags tags) {
        return List.of();
    }

    /** Flushes and releases what the journal holds; the node calls it last, once, on close. */
    @Override
    default void close() throws IOException {
    }

    /** Receives what a journal gives back on start: the stored messages, the ids to deduplicate, the next number. */
    interface Recovery {
        /**
         * One message still stored: its sequence number, producer id (or {@code null}), bytes (or {@code null} from
         * a journal that {@link #keepsBodies() keeps them}) and their length, past leases, and when it was accepted
         * (wall-clock milliseconds).
         */
        void message(long seq, String producerId, byte[] body, int bodyLength, int deliveries, long enqueuedAtMillis);

        /** A producer id accepted at {@code acceptedAtMillis} whose message may have left: repeats still deduplicate. */
        void producerId(String producerId, long acceptedAtMillis);

        /** Numbers below {@code seq} were handed out before: the node numbers on from here, so stale lease ids stay stale. */
        void nextSeq(long seq);
    }
}
