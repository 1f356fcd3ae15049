package io.udpgraph.mq;

import io.udpgraph.protocol.ErrorReason;
import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.protocol.ReplyWriter;
import io.udpgraph.protocol.RequestReader;
import io.udpgraph.protocol.Verb;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Serves one request datagram: reads it with a {@link RequestReader} (which checks every frame and names what is
 * wrong with a command), runs each command in order, and writes one reply unit per command into
 * {@link #reply()}. Works on the received bytes in place; allocates only the bytes of a stored message (and
 * texts on error paths). Not thread-safe: one handler per receiving thread.
 */
final class RequestHandler {

    private final QueueStore store;
    private final Delivery delivery;
    private final LongPolls longPolls;
    private final QueueMetrics metrics;
    private final OnceLog failures;
    private final int maxMessageBytes;
    private final long minLeaseNanos;
    private final RequestReader request = new RequestReader();
    private final ReplyWriter out = new ReplyWriter();
    /** Whether each command of the datagram was wrapped in a checksum, for replies rewritten after the fact. */
    private final boolean[] wrapped = new boolean[ProtocolLimits.MAX_BATCH_COMMANDS];
    /** The command being run and where its reply starts. */
    private int current;
    private int currentMark;
    /** The first command since the last commit whose PUT waits for the journal's commit, or -1; where its reply starts. */
    private int pendingFrom = -1;
    private int pendingMark;
    /** Set by a receive loop that forces once for a whole turn of datagrams and sends their replies after it. */
    private boolean commitsDeferred;
    /** Error text bytes this datagram may still draw: twice its size or 64, whichever is larger. */
    private int errorBudget;
    /** When the datagram being served arrived ({@link System#nanoTime()}): the time of all its PUTs. */
    private long arrivedNanos;

    RequestHandler(QueueStore store, Delivery delivery, LongPolls longPolls, QueueMetrics metrics, OnceLog failures,
                   int maxMessageBytes, long minLeaseNanos) {
        this.minLeaseNanos = minLeaseNanos;
        this.store = store;
        this.delivery = delivery;
        this.longPolls = longPolls;
        this.metrics = metrics;
        this.failures = failures;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * With true, {@link #handle} leaves the journal's commit to the caller, who must commit once after a turn of
     * datagrams and before it sends any of their replies (group commit across datagrams).
     */
    void deferCommits(boolean deferred) {
        commitsDeferred = deferred;
    }

    private void commit() throws IOException {
        if (!commitsDeferred) {
            store.commit();
        }
    }

    private void commitQuietly() {
        if (!commitsDeferred) {
            store.commitQuietly();
        }
    }

    /** The reply built by the last {@link #handle}. */
    ReplyWriter reply() {
        return out;
    }

    /**
     * Serves {@code datagram} (position..limit) from {@code client}, received on {@code channel}. Returns
     * true when {@link #reply()} holds the reply to send now, false when the request was parked as a long
     * poll and will be answered later.
     */
    boolean handle(ByteBuffer datagram, SocketAddress client, DatagramChannel channel) {
        out.reset();
        arrivedNanos = System.nanoTime();
        errorBudget = ProtocolLimits.errorReplyBudget(datagram.remaining());
        request.reset(datagram);
        if (request.refusal() != null) {
            error(request.refusal(), request.refusalDetail());
            return true;
        }
        int n = request.commands();
        pendingFrom = -1;
        for (int i = 0; i < n; i++) {
            int mark = out.length();
            current = i;
            currentMark = mark;
            try {
                if (!run(request.next(), (n - 1 - i) * ReplyWriter.SHORT_REPLY_BYTES, client, channel)) {
                    return false;
                }
            } catch (IOException | RuntimeException e) {
                failures.warn("internal-" + e.getClass().getSimpleName(), "a request failed: " + e, e);
                boolean wrapped = out.wrapping();
                out.truncate(mark);
                out.wrap(wrapped);
                error(ErrorReason.INTERNAL, e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "; the node goes on serving");
            }
        }
        commitPuts(n);
        return true;
    }

    /**
     * One journal commit for the PUTs answered since the last one (group commit across a batch). When it fails,
     * their replies become {@code ERR internal}: they were not made durable, so the producer must not count on them.
     */
    private void commitPuts(int upTo) {
        if (pendingFrom < 0) {
            return;
        }
        int from = pendingFrom;
        pendingFrom = -1;
        try {
            commit();
        } catch (IOException | RuntimeException e) {
            failures.warn("journal-commit", "the journal could not make PUTs durable: " + e.getMessage(), e);
            boolean wrap = out.wrapping();
            out.truncate(pendingMark);
            for (int k = from; k < upTo; k++) {
                out.wrap(wrapped[k]);
                error(ErrorReason.INTERNAL, "the log could not make this PUT durable (" + e.getMessage()
                        + "); it may or may not be kept: send it again, with PUTID to be safe");
            }
            out.wrap(wrap);
        }
    }

    /** Runs the command {@code r} is on; false when it was parked (only ever the last command). */
    private boolean run(RequestReader r, int reserve, SocketAddress client, DatagramChannel channel)
            throws IOException {
        out.wrap(r.checksummed());
        wrapped[current] = r.checksummed();
        if (r.error() == ErrorReason.CHECKSUM) {
            error(ErrorReason.CHECKSUM, r.errorDetail());
            return true;
        }
        Verb verb = r.verb();
        if (verb != Verb.PUT && verb != Verb.PUTID) {
            // What follows may depend on the PUTs before it (a GET may take them): make them durable first.
            commitPuts(current);
        }
        if (r.error() != null) {
            error(r.error(), r.errorDetail());
            return true;
        }
        switch (verb) {
            case PUT, PUTID -> put(r);
            case GET -> {
                return take(false, r.max(), 0, r.waitMs(), reserve, client, channel);
            }
            case LEASE -> {
                // Clamped up: a lease shorter than --min-lease would let one small LEASE re-send the same messages
                // again and again, to whatever source address it claims.
                long leaseNanos = Math.max(minLeaseNanos, TimeUnit.MILLISECONDS.toNanos(r.leaseMs()));
                return take(true, r.max(), leaseNanos, r.waitMs(), reserve, client, channel);
            }
            case SIZE -> out.number(store.visible());
            case ACK -> ackOrNack(true, r);
            case NACK -> ackOrNack(false, r);
            case STATS -> out.text(stats());
            case PEEK -> peek(reserve);
            default -> throw new IllegalStateException("the request reader let an unknown verb through: " + r.text());
        }
        return true;
    }

    private void put(RequestReader r) throws IOException {
        int n = r.bodyLength();
        if (n > maxMessageBytes) {
            error(ErrorReason.TOO_LARGE, "a message of " + n + " bytes is over this node's --max-message-bytes of "
                    + maxMessageBytes + "; split it");
            return;
        }
        QueueStore.PutOutcome outcome;
        try {
            outcome = store.put(r.producerId(), r.buffer(), r.bodyStart(), n, arrivedNanos);
        } catch (IOException e) {
            failures.warn("journal-append", "the journal refused a PUT: " + e.getMessage(), e);
            error(ErrorReason.INTERNAL, "the journal refused the message (" + e.getMessage() + "); nothing was stored");
            return;
        }
        if (outcome == QueueStore.PutOutcome.STORED || outcome == QueueStore.PutOutcome.DUPLICATE) {
            // Answered once the journal commits: this datagram's PUTs share one commit. A duplicate waits too,
            // as the PUT it repeats may be another thread's, not yet committed.
            if (pendingFrom < 0) {
                pendingFrom = current;
                pendingMark = currentMark;
            }
        }
        switch (outcome) {
            case STORED -> {
                metrics.puts.increment();
                out.putAck(n);
            }
            case DUPLICATE -> out.putAck(n);
            case FULL_MESSAGES -> error(ErrorReason.FULL, "the queue holds its capacity of " + store.capacityMessages()
                    + " messages; nothing was stored: take some, or give the node a larger --capacity");
            // The facts first: an ERR is cut at 64 bytes (or twice its request).
            case FULL_BYTES -> error(ErrorReason.FULL, "a " + n + "-byte message passes the capacity of "
                    + store.capacityBytes() + " bytes (" + store.bytes() + " held); nothing was stored: take some,"
                    + " or give the node a larger --capacity-bytes");
        }
    }

    private boolean take(boolean lease, int max, long leaseNanos, long waitMs, int reserve, SocketAddress client,
                         DatagramChannel channel) {
        int got = delivery.fill(out, lease, max, leaseNanos, reserve);
        if (got > 0) {
            // One sync for the removals or leases of every message in the reply. Should it fail, the messages
            // are sent all the same: a taken message the log could not record may come back after a restart.
            commitQuietly();
            return true;
        }
        if (got == Delivery.NOT_RECORDED) {
            error(ErrorReason.INTERNAL, NOT_RECORDED);
            return true;
        }
        if (got < 0) {
            error(ErrorReason.TOO_LARGE, doesNotFit(-got - 1));
            return true;
        }
        if (waitMs > 0 && longPolls.park(channel, client, lease, max, leaseNanos, out,
                TimeUnit.MILLISECONDS.toNanos(waitMs))) {
            return false;
        }
        metrics.emptyGets.increment();
        out.empty();
        return true;
    }

    /** The detail of the {@code ERR internal} for a GET or LEASE whose removal or lease the journal could not record. */
    static final String NOT_RECORDED = "nothing was taken: the log could not record it (is the disk full?)";

    /** The oldest visible message, left where it is; a PEEK changes nothing, so it needs no commit. */
    private void peek(int reserve) {
        byte[] body = store.peek();
        if (body == null) {
            out.empty();
        } else if (out.fits(body.length, reserve)) {
            out.message(body);
        } else {
            error(ErrorReason.TOO_LARGE, doesNotFit(body.length));
        }
    }

    static String doesNotFit(int bytes) {
        return "the next message (" + bytes + " bytes) does not fit what is left of this reply datagram;"
                + " ask for it in a datagram of its own, or without a checksum";
    }

    private void ackOrNack(boolean ack, RequestReader r) {
        int k = 0;
        int refused = 0;
        int unknown = 0;
        IOException unrecorded = null;
        for (int i = 0; i < r.ids(); i++) {
            long sequence = r.sequence(i);
            // The tag first: a stranger's guess (a bare sequence number, a random tag) never reaches the store.
            if (!delivery.handedOut(sequence, r.tag(i))) {
                unknown++;
                continue;
            }
            try {
                if (ack ? store.ack(sequence) : store.nack(sequence)) {
                    k++;
                } else {
                    unknown++; // handed out, but settled already (or its message dead-lettered)
                }
            } catch (IOException e) {
                refused++;
                unrecorded = e;
            }
        }
        if (unknown > 0) {
            metrics.refused(QueueMetrics.Refusal.UNKNOWN_LEASE, unknown);
        }
        if (ack && k > 0 && unrecorded == null) {
            try {
                commit(); // one sync for every id of the ACK, before the reply says they are gone
            } catch (IOException | RuntimeException e) {
                unrecorded = e instanceof IOException io ? io : new IOException(e.toString(), e);
            }
        }
        if (ack) {
            metrics.acks.increment(k);
        } else {
            metrics.nacks.increment(k);
        }
        if (unrecorded != null) {
            failures.warn("journal-ack", "the journal could not record an ACK: " + unrecorded.getMessage(), unrecorded);
            error(ErrorReason.INTERNAL, ackNotRecorded(k, refused, unrecorded));
            return;
        }
        out.count(ack ? Verb.ACK : Verb.NACK, k);
    }

    /** Why an ACK got {@code ERR internal}: removals the log refused (not done), or a sync that failed after them. */
    private static String ackNotRecorded(int done, int refused, IOException why) {
        if (refused > 0) {
            return "nothing was taken for " + refused + " ids, they stay leased: the log could not record their removals ("
                    + why.getMessage() + "); ACK them again once the disk has room (" + done + " done)";
        }
        return done + " leased messages were removed, but the log could not make the removals durable ("
                + why.getMessage() + "): some may come back after a restart";
    }

    private byte[] stats() {
        return ("visible=" + store.visible() + " leased=" + store.leased() + " dead-lettered=" + store.deadLettered()
                + " deduplicated=" + store.deduplicated() + " bytes=" + store.bytes() + " capacity="
                + store.capacityMessages()).getBytes(StandardCharsets.US_ASCII);
    }

    private void error(ErrorReason reason, String detail) {
        metrics.error(reason);
        errorBudget -= out.errorWithin(reason, detail, errorBudget);
    }
}
