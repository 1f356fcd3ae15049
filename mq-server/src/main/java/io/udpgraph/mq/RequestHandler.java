package io.udpgraph.mq;

import io.udpgraph.protocol.ErrorReason;
import io.udpgraph.protocol.FrameCursor;
import io.udpgraph.protocol.FrameException;
import io.udpgraph.protocol.Verb;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * Serves one request datagram: checks every frame, runs each command in order, and writes one reply unit
 * per command into {@link #reply()}. Works on the received bytes in place; allocates only the bytes of a
 * stored message (and texts on error paths). Not thread-safe: one handler per receiving thread.
 */
final class RequestHandler {
    /** Commands one datagram may carry: enough short replies for all of them always fit one reply datagram. */
    static final int MAX_BATCH_COMMANDS = 200;
    /** Messages one {@code GET:<n>} or {@code LEASE:<n>} may ask for. */
    static final int MAX_TAKE = 1024;
    /** The longest a GET or LEASE may wait for a first message, in milliseconds. */
    static final long MAX_WAIT_MS = 60_000;
    /** The longest lease, in milliseconds: twelve hours, as SQS allows. */
    static final long MAX_LEASE_MS = 12 * 3_600_000L;

    private static final String VERBS = "expected PUT, GET, SIZE, PUTID, LEASE, ACK, NACK or STATS";
    private static final byte[] ACK = "ACK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NACK = "NACK".getBytes(StandardCharsets.US_ASCII);

    private final QueueStore store;
    private final Delivery delivery;
    private final LongPolls longPolls;
    private final QueueMetrics metrics;
    private final OnceLog failures;
    private final int maxMessageBytes;
    private final FrameCursor cursor = new FrameCursor();
    private final int[] starts = new int[MAX_BATCH_COMMANDS];
    private final int[] lengths = new int[MAX_BATCH_COMMANDS];
    private final ReplyWriter out = new ReplyWriter();
    private final CRC32C crc = new CRC32C();
    /** Whether each command of the datagram was wrapped in a checksum, for replies rewritten after the fact. */
    private final boolean[] wrapped = new boolean[MAX_BATCH_COMMANDS];
    private ByteBuffer in;
    /** The command being run and where its reply starts. */
    private int current;
    private int currentMark;
    /** The first command since the last commit whose PUT waits for the journal's commit, or -1; where its reply starts. */
    private int pendingFrom = -1;
    private int pendingMark;

    RequestHandler(QueueStore store, Delivery delivery, LongPolls longPolls, QueueMetrics metrics, OnceLog failures,
                   int maxMessageBytes) {
        this.store = store;
        this.delivery = delivery;
        this.longPolls = longPolls;
        this.metrics = metrics;
        this.failures = failures;
        this.maxMessageBytes = maxMessageBytes;
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
        in = datagram;
        int n = 0;
        cursor.reset(datagram);
        try {
            while (cursor.hasNext()) {
                cursor.next();
                if (n < MAX_BATCH_COMMANDS) {
                    starts[n] = cursor.textStart();
                    lengths[n] = cursor.textLength();
                }
                n++;
            }
        } catch (FrameException e) {
            error(e.reason(), e.getMessage());
            return true;
        }
        if (n > MAX_BATCH_COMMANDS) {
            error(ErrorReason.USAGE, "a datagram of " + n + " commands: a batch holds at most " + MAX_BATCH_COMMANDS
                    + "; split it");
            return true;
        }
        pendingFrom = -1;
        for (int i = 0; i < n; i++) {
            int mark = out.length();
            current = i;
            currentMark = mark;
            try {
                if (!run(starts[i], lengths[i], i == n - 1, (n - 1 - i) * ReplyWriter.SHORT_REPLY_BYTES, client,
                        channel)) {
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
            store.commit();
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

    /** Runs one command; false when it was parked (only ever the last command). */
    private boolean run(int s, int len, boolean last, int reserve, SocketAddress client, DatagramChannel channel)
            throws IOException {
        out.wrap(false);
        wrapped[current] = false;
        if (len >= 10 && in.get(s) == '~' && in.get(s + 9) == '~') {
            out.wrap(true);
            wrapped[current] = true;
            String mismatch = checksumMismatch(s, len);
            if (mismatch != null) {
                error(ErrorReason.CHECKSUM, mismatch);
                return true;
            }
            s += 10;
            len -= 10;
        }
        int end = s + len;
        int colon = indexOf(':', s, end);
        int verbEnd = colon < 0 ? end : colon;
        int a = colon < 0 ? -1 : colon + 1;
        Verb verb = Verb.match(in, s, verbEnd - s);
        if (verb != Verb.PUT && verb != Verb.PUTID) {
            // What follows may depend on the PUTs before it (a GET may take them): make them durable first.
            commitPuts(current);
        }
        switch (verb) {
            case PUT -> put(null, a < 0 ? end : a, end);
            case PUTID -> putWithId(a, end);
            case GET -> {
                return get(a, end, last, reserve, client, channel);
            }
            case SIZE -> out.number(store.visible());
            case LEASE -> {
                return lease(a, end, last, reserve, client, channel);
            }
            case ACK -> ackOrNack(true, a, end);
            case NACK -> ackOrNack(false, a, end);
            case STATS -> out.text(stats());
            default -> error(ErrorReason.UNKNOWN_VERB, "verb '" + shorten(s, verbEnd) + "': " + VERBS);
        }
        return true;
    }

    private void put(String producerId, int from, int end) throws IOException {
        int n = end - from;
        if (n > maxMessageBytes) {
            error(ErrorReason.TOO_LARGE, "a message of " + n + " bytes is over this node's --max-message-bytes of "
                    + maxMessageBytes + "; split it");
            return;
        }
        byte[] body = new byte[n];
        in.get(from, body);
        QueueStore.PutOutcome outcome;
        try {
            outcome = store.put(producerId, body);
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
            case FULL_BYTES -> error(ErrorReason.FULL, "a message of " + n + " bytes would pass the capacity of "
                    + store.capacityBytes() + " bytes (" + store.bytes() + " held); nothing was stored: take some,"
                    + " or give the node a larger --capacity-bytes");
        }
    }

    private void putWithId(int a, int end) throws IOException {
        int colon = a < 0 ? -1 : indexOf(':', a, end);
        if (colon < 0) {
            error(ErrorReason.USAGE, "PUTID takes <id>:<text>, e.g. PUTID:src-7:hello");
            return;
        }
        int idLength = colon - a;
        if (idLength < 1 || idLength > 128) {
            error(ErrorReason.USAGE, "a PUTID id is 1-128 bytes, got " + idLength);
            return;
        }
        for (int i = a; i < colon; i++) {
            byte b = in.get(i);
            if (b < 0x21 || b > 0x7e) {
                error(ErrorReason.USAGE, "a PUTID id is printable ASCII without ':' or space; byte " + (i - a)
                        + " is 0x" + Integer.toHexString(b & 0xff));
                return;
            }
        }
        byte[] id = new byte[idLength];
        in.get(a, id);
        put(new String(id, StandardCharsets.US_ASCII), colon + 1, end);
    }

    private boolean get(int a, int end, boolean last, int reserve, SocketAddress client, DatagramChannel channel) {
        int max = 1;
        long waitMs = 0;
        if (a >= 0) {
            int colon = indexOf(':', a, end);
            int nEnd = colon < 0 ? end : colon;
            long n = decimal(a, nEnd);
            if (n >= 0) { // GET:<anything not a number> is a classic GET
                if (n < 1 || n > MAX_TAKE) {
                    error(ErrorReason.USAGE, "GET:<n> takes n from 1 to " + MAX_TAKE + ", got " + n);
                    return true;
                }
                max = (int) n;
                if (colon >= 0) {
                    waitMs = decimal(colon + 1, end);
                    if (waitMs < 0 || waitMs > MAX_WAIT_MS) {
                        error(ErrorReason.USAGE, "GET:<n>:<wait-ms> takes a wait of 0 to " + MAX_WAIT_MS + " ms, got '"
                                + shorten(colon + 1, end) + "'");
                        return true;
                    }
                }
            }
        }
        if (!last && (max > 1 || waitMs > 0)) {
            error(ErrorReason.USAGE, "a GET for several messages or with a wait must be the last command of its"
                    + " datagram, so its reply can be told apart");
            return true;
        }
        return take(false, max, 0, waitMs, reserve, client, channel);
    }

    private boolean lease(int a, int end, boolean last, int reserve, SocketAddress client, DatagramChannel channel) {
        String form = "LEASE takes <n>:<lease-ms>[:<wait-ms>], e.g. LEASE:10:30000";
        if (a < 0) {
            error(ErrorReason.USAGE, form);
            return true;
        }
        int c1 = indexOf(':', a, end);
        int c2 = c1 < 0 ? -1 : indexOf(':', c1 + 1, end);
        long n = decimal(a, c1 < 0 ? end : c1);
        long leaseMs = c1 < 0 ? -1 : decimal(c1 + 1, c2 < 0 ? end : c2);
        long waitMs = c2 < 0 ? 0 : decimal(c2 + 1, end);
        if (n < 1 || n > MAX_TAKE || leaseMs < 1 || leaseMs > MAX_LEASE_MS || waitMs < 0 || waitMs > MAX_WAIT_MS) {
            error(ErrorReason.USAGE, form + " (n 1-" + MAX_TAKE + ", lease-ms 1-" + MAX_LEASE_MS + ", wait-ms 0-"
                    + MAX_WAIT_MS + "); got '" + shorten(a, end) + "'");
            return true;
        }
        if (!last) {
            error(ErrorReason.USAGE, "a LEASE must be the last command of its datagram, so its reply can be told apart");
            return true;
        }
        return take(true, (int) n, TimeUnit.MILLISECONDS.toNanos(leaseMs), waitMs, reserve, client, channel);
    }

    private boolean take(boolean lease, int max, long leaseNanos, long waitMs, int reserve, SocketAddress client,
                         DatagramChannel channel) {
        int got = delivery.fill(out, lease, max, leaseNanos, reserve);
        if (got > 0) {
            // One sync for the removals or leases of every message in the reply. Should it fail, the messages
            // are sent all the same: a taken message the log could not record may come back after a restart.
            store.commitQuietly();
            return true;
        }
        if (got < 0) {
            error(ErrorReason.TOO_LARGE, doesNotFit(-got - 1));
            return true;
        }
        if (waitMs > 0 && longPolls.hasRoom()) {
            longPolls.park(channel, client, lease, max, leaseNanos, out.wrapping(), out.copy(),
                    TimeUnit.MILLISECONDS.toNanos(waitMs));
            return false;
        }
        metrics.emptyGets.increment();
        out.empty();
        return true;
    }

    static String doesNotFit(int bytes) {
        return "the next message (" + bytes + " bytes) does not fit what is left of this reply datagram;"
                + " ask for it in a datagram of its own, or without a checksum";
    }

    private void ackOrNack(boolean ack, int a, int end) {
        String verb = ack ? "ACK" : "NACK";
        if (a < 0 || a == end) {
            error(ErrorReason.USAGE, verb + " takes lease ids separated by commas, e.g. " + verb + ":41,42");
            return;
        }
        for (int from = a; from <= end; ) {
            int comma = indexOf(',', from, end);
            int to = comma < 0 ? end : comma;
            if (decimal(from, to) < 0) {
                error(ErrorReason.USAGE, verb + " takes decimal lease ids separated by commas; got '"
                        + shorten(from, to) + "'");
                return;
            }
            from = to + 1;
        }
        int k = 0;
        IOException unrecorded = null;
        for (int from = a; from <= end; ) {
            int comma = indexOf(',', from, end);
            int to = comma < 0 ? end : comma;
            long id = decimal(from, to);
            try {
                if (ack ? store.ack(id) : store.nack(id)) {
                    k++;
                }
            } catch (IOException e) {
                k++;
                unrecorded = e;
            }
            from = to + 1;
        }
        if (ack && k > 0 && unrecorded == null) {
            try {
                store.commit(); // one sync for every id of the ACK, before the reply says they are gone
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
            error(ErrorReason.INTERNAL, k + " leased messages were removed, but the log could not record every removal ("
                    + unrecorded.getMessage() + "): some may come back after a restart");
            return;
        }
        out.count(ack ? ACK : NACK, k);
    }

    private byte[] stats() {
        return ("visible=" + store.visible() + " leased=" + store.leased() + " dead-lettered=" + store.deadLettered()
                + " deduplicated=" + store.deduplicated() + " bytes=" + store.bytes() + " capacity="
                + store.capacityMessages()).getBytes(StandardCharsets.US_ASCII);
    }

    private void error(ErrorReason reason, String detail) {
        metrics.error(reason);
        out.error(reason, detail);
    }

    /** The mismatch explained, or null when the wrapped text at {@code s} carries the right CRC32C. */
    private String checksumMismatch(int s, int len) {
        long declared = 0;
        for (int i = 1; i <= 8; i++) {
            int v = hexValue(in.get(s + i));
            if (v < 0) {
                return "checksum digit " + i + " is not hex: the wrapper is ~<8 lowercase hex digits>~<text>";
            }
            declared = (declared << 4) | v;
        }
        int limit = in.limit();
        int position = in.position();
        crc.reset();
        in.limit(s + len).position(s + 10);
        crc.update(in);
        in.limit(limit).position(position);
        long actual = crc.getValue();
        if (declared == actual) {
            return null;
        }
        return String.format("declared %08x, computed %08x over %d bytes: the frame was changed on the way;"
                + " nothing was done, send it again", declared, actual, len - 10);
    }

    private int indexOf(char c, int from, int end) {
        for (int i = from; i < end; i++) {
            if (in.get(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** The decimal number in {@code [from, end)}, or -1 when it is empty, not all digits or over 18 digits. */
    private long decimal(int from, int end) {
        if (from >= end || end - from > 18) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < end; i++) {
            int d = in.get(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** Up to 32 characters of the text in {@code [from, end)}, for error details. */
    private String shorten(int from, int end) {
        byte[] b = new byte[end - from];
        in.get(from, b);
        String s = new String(b, StandardCharsets.UTF_8);
        return s.length() > 32 ? s.substring(0, 32) + "…" : s;
    }
}
