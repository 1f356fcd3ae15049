package io.udpgraph.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Writes request frames into a {@link ByteBuffer}, one command per frame, back to back for a batch, each
 * wrapped in its checksum when {@link #checksums(boolean)} is on. Knows each frame's size before writing it
 * ({@code sizeOf…}), so a caller can fill a datagram without a trial run. The grammar of each verb is in
 * docs/PROTOCOL.md; {@link RequestReader} reads what this writes.
 *
 * <pre>
 *   frame   = L HH text            L: hex digit count of HH (1-f), HH: byte length of text, in hex
 *   text    = [ "~" crc32c-8-hex "~" ] command
 *   command = "PUT:" body | "PUT" | "PUTID:" id ":" body | "GET" [ ":" any ] | "GET:" n [ ":" wait-ms ]
 *           | "LEASE:" n ":" lease-ms [ ":" wait-ms ] | "ACK:" ids | "NACK:" ids | "SIZE" [ ":" any ] | "STATS" | "PEEK"
 *   ids     = lease-id *( "," lease-id )
 * </pre>
 *
 * Allocation-free for ASCII ids. Numbers are written as given: range checks are the node's (see
 * {@link ProtocolLimits}), so a test can write any request a node must refuse. Not thread-safe.
 */
public final class RequestWriter {
    private static final byte[] PUT = ascii("PUT:");
    private static final byte[] PUTID = ascii("PUTID:");
    private static final byte[] GET = ascii("GET");
    private static final byte[] GET_ = ascii("GET:");
    private static final byte[] LEASE = ascii("LEASE:");
    private static final byte[] ACK = ascii("ACK:");
    private static final byte[] NACK = ascii("NACK:");
    private static final byte[] SIZE = ascii("SIZE");
    private static final byte[] STATS = ascii("STATS");
    private static final byte[] PEEK = ascii("PEEK");

    private final CRC32C crc = new CRC32C();
    private ByteBuffer dst;
    private boolean checksums;
    private int frames;
    /** Where the text of the frame being written starts (past its header and wrapper). */
    private int innerStart;
    /** The longest wait-ms of a GET or LEASE written since {@link #wrap}; -1 once a raw {@link #text} was. */
    private long longestWaitMs;

    /** A writer that appends to {@code dst} from its position on. */
    public RequestWriter(ByteBuffer dst) {
        wrap(dst);
    }

    /** Appends from now on to {@code dst} from its position on, and counts frames from zero. */
    public RequestWriter wrap(ByteBuffer dst) {
        this.dst = dst;
        this.frames = 0;
        this.longestWaitMs = 0;
        return this;
    }

    /** Wraps the frames written from now on in the {@code ~crc32c~} integrity prefix, or stops doing so. */
    public RequestWriter checksums(boolean on) {
        this.checksums = on;
        return this;
    }

    /** True when frames are wrapped in their checksum. */
    public boolean checksums() {
        return checksums;
    }

    /** Frames written since {@link #wrap}. */
    public int frames() {
        return frames;
    }

    /** The buffer written to. */
    public ByteBuffer buffer() {
        return dst;
    }

    // ---- sizes ----

    /** Bytes of a frame whose command text has {@code commandBytes} bytes, with or without the checksum. */
    public static int sizeOfFrame(int commandBytes, boolean checksum) {
        return Frames.frameLength(commandBytes + (checksum ? Integrity.PREFIX_BYTES : 0));
    }

    /** Bytes of a {@code PUT:<body>} frame. */
    public static int sizeOfPut(int bodyBytes, boolean checksum) {
        return sizeOfFrame(PUT.length + bodyBytes, checksum);
    }

    /** Bytes of a {@code PUTID:<id>:<body>} frame. */
    public static int sizeOfPutWithId(int idBytes, int bodyBytes, boolean checksum) {
        return sizeOfFrame(PUTID.length + idBytes + 1 + bodyBytes, checksum);
    }

    /** Bytes of a {@code GET:<n>} frame. */
    public static int sizeOfGet(long n, boolean checksum) {
        return sizeOfFrame(GET_.length + Decimal.length(n), checksum);
    }

    /** Bytes of a {@code GET:<n>:<wait-ms>} frame. */
    public static int sizeOfGet(long n, long waitMs, boolean checksum) {
        return sizeOfFrame(GET_.length + Decimal.length(n) + waitLength(waitMs), checksum);
    }

    /** Bytes of a {@code LEASE:<n>:<lease-ms>} frame. */
    public static int sizeOfLease(long n, long leaseMs, boolean checksum) {
        return sizeOfFrame(LEASE.length + Decimal.length(n) + 1 + Decimal.length(leaseMs), checksum);
    }

    /** Bytes of a {@code LEASE:<n>:<lease-ms>:<wait-ms>} frame. */
    public static int sizeOfLease(long n, long leaseMs, long waitMs, boolean checksum) {
        return sizeOfFrame(LEASE.length + Decimal.length(n) + 1 + Decimal.length(leaseMs) + waitLength(waitMs),
                checksum);
    }

    /** Bytes of an {@code ACK:<id>,…} frame; a {@code NACK} frame is one byte longer. */
    public static int sizeOfAck(LeaseId[] ids, boolean checksum) {
        return sizeOfFrame(ACK.length + idListLength(LeaseIds.of(ids)), checksum);
    }

    private static int waitLength(long waitMs) {
        return 1 + Decimal.length(waitMs);
    }

    private static int idListLength(LeaseIds ids) {
        int n = Math.max(0, ids.size() - 1);
        for (int i = 0; i < ids.size(); i++) {
            n += LeaseId.length(ids.sequence(i));
        }
        return n;
    }

    // ---- commands ----

    /** {@code PUT:<body>}: the body's bytes must be UTF-8. */
    public RequestWriter put(byte[] body) {
        begin(PUT.length + body.length);
        dst.put(PUT).put(body);
        return end();
    }

    /**
     * {@code PUT:<body>} with the body copied from {@code src[from, from + length)} (absolute; the source's
     * position is not moved), so a bridge can put bytes straight from its read buffer without a copy per message.
     */
    public RequestWriter put(ByteBuffer src, int from, int length) {
        begin(PUT.length + length);
        dst.put(PUT).put(dst.position(), src, from, length);
        dst.position(dst.position() + length);
        return end();
    }

    /** {@code PUTID:<id>:<body>}: {@code id} should be printable ASCII (see {@link ProtocolLimits}). */
    public RequestWriter putWithId(String id, byte[] body) {
        if (!isAscii(id)) {
            return fixed(concat(concat(PUTID, (id + ":").getBytes(StandardCharsets.UTF_8)), body));
        }
        begin(PUTID.length + id.length() + 1 + body.length);
        writeId(id).put(body);
        return end();
    }

    /**
     * {@code PUTID:<id>:<body>} with the body copied from {@code src[from, from + length)} (absolute); {@code id}
     * must be printable ASCII (see {@link ProtocolLimits#producerIdProblem}).
     */
    public RequestWriter putWithId(String id, ByteBuffer src, int from, int length) {
        if (!isAscii(id)) {
            throw new IllegalArgumentException("a PUTID id is printable ASCII, got '" + id + "'");
        }
        begin(PUTID.length + id.length() + 1 + length);
        writeId(id).put(dst.position(), src, from, length);
        dst.position(dst.position() + length);
        return end();
    }

    /** Classic {@code GET}: the oldest message. */
    public RequestWriter get() {
        return fixed(GET);
    }

    /** {@code GET:<n>}: up to n messages, at once. */
    public RequestWriter get(long n) {
        begin(GET_.length + Decimal.length(n));
        dst.put(GET_);
        Decimal.write(n, dst);
        return end();
    }

    /** {@code GET:<n>:<wait-ms>}: up to n messages, waiting up to wait-ms for the first. */
    public RequestWriter get(long n, long waitMs) {
        begin(GET_.length + Decimal.length(n) + waitLength(waitMs));
        dst.put(GET_);
        Decimal.write(n, dst);
        writeWait(waitMs);
        return end();
    }

    /** {@code LEASE:<n>:<lease-ms>}: up to n messages, at once. */
    public RequestWriter lease(long n, long leaseMs) {
        begin(LEASE.length + Decimal.length(n) + 1 + Decimal.length(leaseMs));
        writeLease(n, leaseMs);
        return end();
    }

    /** {@code LEASE:<n>:<lease-ms>:<wait-ms>}: up to n messages, waiting up to wait-ms for the first. */
    public RequestWriter lease(long n, long leaseMs, long waitMs) {
        begin(LEASE.length + Decimal.length(n) + 1 + Decimal.length(leaseMs) + waitLength(waitMs));
        writeLease(n, leaseMs);
        writeWait(waitMs);
        return end();
    }

    private void writeLease(long n, long leaseMs) {
        dst.put(LEASE);
        Decimal.write(n, dst);
        dst.put((byte) ':');
        Decimal.write(leaseMs, dst);
    }

    /** {@code ACK:<id>,…}: remove these leased messages. */
    public RequestWriter ack(LeaseId... ids) {
        return idList(ACK, LeaseIds.of(ids));
    }

    /** {@code ACK:<id>,…} of ids kept in primitive arrays (a drain's batch). */
    public RequestWriter ack(LeaseIds ids) {
        return idList(ACK, ids);
    }

    /** {@code NACK:<id>,…}: make these leased messages visible again. */
    public RequestWriter nack(LeaseId... ids) {
        return idList(NACK, LeaseIds.of(ids));
    }

    /** {@code NACK:<id>,…} of ids kept in primitive arrays. */
    public RequestWriter nack(LeaseIds ids) {
        return idList(NACK, ids);
    }

    /** {@code SIZE}: the number of visible messages. */
    public RequestWriter size() {
        return fixed(SIZE);
    }

    /** {@code PEEK}: the oldest visible message, left in the queue. */
    public RequestWriter peek() {
        return fixed(PEEK);
    }

    /** {@code STATS}: the node's counts. */
    public RequestWriter stats() {
        return fixed(STATS);
    }

    /** Any command text as one frame, as it is (tools and tests that speak the protocol directly). */
    public RequestWriter text(byte[] command) {
        longestWaitMs = -1;
        return fixed(command);
    }

    /**
     * The longest wait-ms of any GET or LEASE written since {@link #wrap}, so a client knows how long a reply may
     * take without reading its own request back; -1 when a raw {@link #text} command was written, whose wait only
     * {@link RequestReader#longestWaitMs} can tell.
     */
    public long longestWaitMs() {
        return longestWaitMs;
    }

    private RequestWriter fixed(byte[] command) {
        begin(command.length);
        dst.put(command);
        return end();
    }

    private RequestWriter idList(byte[] verb, LeaseIds ids) {
        begin(verb.length + idListLength(ids));
        dst.put(verb);
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) {
                dst.put((byte) ',');
            }
            LeaseId.write(ids.sequence(i), ids.tag(i), dst);
        }
        return end();
    }

    private void writeWait(long waitMs) {
        if (longestWaitMs >= 0) {
            longestWaitMs = Math.max(longestWaitMs, waitMs);
        }
        dst.put((byte) ':');
        Decimal.write(waitMs, dst);
    }

    /** Writes the header (and room for the checksum) of a frame whose command has {@code commandBytes} bytes. */
    private void begin(int commandBytes) {
        int text = commandBytes + (checksums ? Integrity.PREFIX_BYTES : 0);
        int need = Frames.frameLength(text);
        if (need > dst.remaining() || need > ProtocolLimits.MAX_DATAGRAM_BYTES) {
            throw new FrameTooLargeException(text, dst.position() + need, ProtocolLimits.MAX_DATAGRAM_BYTES);
        }
        Frames.writeHeader(text, dst);
        if (checksums) {
            dst.position(dst.position() + Integrity.PREFIX_BYTES);
        }
        innerStart = dst.position();
    }

    private RequestWriter end() {
        if (checksums) {
            int end = dst.position();
            int sum = Integrity.crc32c(dst, innerStart, end - innerStart, crc);
            dst.position(innerStart - Integrity.PREFIX_BYTES);
            Integrity.writePrefix(sum, dst);
            dst.position(end);
        }
        frames++;
        return this;
    }

    private ByteBuffer writeId(String id) {
        dst.put(PUTID);
        for (int i = 0; i < id.length(); i++) {
            dst.put((byte) id.charAt(i));
        }
        return dst.put((byte) ':');
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
