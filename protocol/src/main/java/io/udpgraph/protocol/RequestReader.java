package io.udpgraph.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Reads a request datagram in place, command by command, the way a queue node serves it: {@link #reset} checks
 * every frame of the datagram and either refuses the whole of it ({@link #refusal()}) or gives its
 * {@link #commands()}; each {@link #next()} then parses one command: its checksum wrapper, its {@link #verb()},
 * its arguments ({@link #max()}, {@link #leaseMs()}, {@link #waitMs()}, {@link #ids()}, the PUT body and PUTID id)
 * or the {@link #error()} and {@link #errorDetail()} a node answers it with, as {@code ERR <reason> <detail>}.
 * The grammar is drawn in {@link RequestWriter}, which writes what this reads; the limits are
 * {@link ProtocolLimits}'. Allocates only on error paths and for a PUTID's id. Not thread-safe: one reader per
 * receiving thread.
 */
public final class RequestReader {
    private static final String VERBS = "expected PUT, GET, SIZE, PUTID, LEASE, ACK, NACK, STATS or PEEK";
    private static final String LEASE_FORM = "LEASE takes <n>:<lease-ms>[:<wait-ms>], e.g. LEASE:10:30000";
    private static final int LONGEST_VERB = 5;

    private final FrameCursor cursor = new FrameCursor();
    private final int[] starts = new int[ProtocolLimits.MAX_BATCH_COMMANDS];
    private final int[] lengths = new int[ProtocolLimits.MAX_BATCH_COMMANDS];
    private final CRC32C crc = new CRC32C();
    private ByteBuffer in;
    private int commands;
    private ErrorReason refusal;
    private String refusalDetail;

    private int index;
    private boolean checksummed;
    private Verb verb;
    private ErrorReason error;
    private String errorDetail;
    private int textStart;
    private int textEnd;
    private int max;
    private long leaseMs;
    private long waitMs;
    private int bodyStart;
    /** Bytes of a request an error detail quotes at most. */
    static final int EXCERPT_BYTES = 16;

    private int idStart;
    private int idEnd;
    private long[] ids = new long[16];
    private long[] tags = new long[16];
    private final long[] tagOut = new long[1];
    private int idCount;

    /**
     * Starts reading {@code datagram} (position..limit, not modified): checks every frame, and refuses the whole
     * datagram when one is malformed or it holds more than {@value ProtocolLimits#MAX_BATCH_COMMANDS} commands.
     */
    public RequestReader reset(ByteBuffer datagram) {
        in = datagram;
        commands = 0;
        index = -1;
        refusal = null;
        refusalDetail = null;
        cursor.reset(datagram);
        try {
            while (cursor.hasNext()) {
                cursor.next();
                if (commands < ProtocolLimits.MAX_BATCH_COMMANDS) {
                    starts[commands] = cursor.textStart();
                    lengths[commands] = cursor.textLength();
                }
                commands++;
            }
        } catch (FrameException e) {
            refusal = e.reason();
            refusalDetail = e.getMessage();
            return this;
        }
        if (commands > ProtocolLimits.MAX_BATCH_COMMANDS) {
            refusal = ErrorReason.USAGE;
            refusalDetail = "a datagram of " + commands + " commands: a batch holds at most "
                    + ProtocolLimits.MAX_BATCH_COMMANDS + "; split it";
        }
        return this;
    }

    /** Why the whole datagram is refused (none of its commands runs), or null when its commands can be read. */
    public ErrorReason refusal() {
        return refusal;
    }

    /** The detail of {@link #refusal()}. */
    public String refusalDetail() {
        return refusalDetail;
    }

    /** Commands in the datagram (frames read, when it is refused). */
    public int commands() {
        return commands;
    }

    /** True while a command is left to read. */
    public boolean hasNext() {
        return refusal == null && index + 1 < commands;
    }

    /** Reads the next command; then the accessors describe it. */
    public RequestReader next() {
        index++;
        int s = starts[index];
        int len = lengths[index];
        error = null;
        errorDetail = null;
        verb = Verb.UNKNOWN;
        max = 1;
        leaseMs = 0;
        waitMs = 0;
        idCount = 0;
        idStart = -1;
        idEnd = -1;
        textStart = s;
        textEnd = s + len;
        checksummed = Integrity.isWrapped(in, s, len);
        if (checksummed) {
            String mismatch = Integrity.mismatch(in, s, len, crc);
            if (mismatch != null) {
                return fail(ErrorReason.CHECKSUM, mismatch);
            }
            s += Integrity.PREFIX_BYTES;
            len -= Integrity.PREFIX_BYTES;
        }
        textStart = s;
        textEnd = s + len;
        int colon = indexOf(':', s, textEnd);
        int verbEnd = colon < 0 ? textEnd : colon;
        int a = colon < 0 ? -1 : colon + 1;
        verb = Verb.match(in, s, verbEnd - s);
        bodyStart = a < 0 ? textEnd : a;
        switch (verb) {
            case PUT, SIZE, STATS -> { }
            case PUTID -> readPutId(a);
            case GET -> readGet(a);
            case LEASE -> readLease(a);
            case ACK, NACK -> readIds(a);
            case PEEK -> {
                if (a >= 0) {
                    fail(ErrorReason.USAGE, "PEEK takes nothing: send PEEK alone");
                }
            }
            default -> fail(ErrorReason.UNKNOWN_VERB, "verb '" + shorten(s, verbEnd) + "': " + VERBS);
        }
        return this;
    }

    private void readPutId(int a) {
        int colon = a < 0 ? -1 : indexOf(':', a, textEnd);
        if (colon < 0) {
            fail(ErrorReason.USAGE, "PUTID takes <id>:<text>, e.g. PUTID:src-7:hello");
            return;
        }
        int idLength = colon - a;
        if (idLength < 1 || idLength > ProtocolLimits.MAX_PRODUCER_ID_BYTES) {
            fail(ErrorReason.USAGE, "a PUTID id is 1-" + ProtocolLimits.MAX_PRODUCER_ID_BYTES + " bytes, got "
                    + idLength);
            return;
        }
        for (int i = a; i < colon; i++) {
            byte b = in.get(i);
            if (!ProtocolLimits.isProducerIdByte(b)) {
                fail(ErrorReason.USAGE, "a PUTID id is printable ASCII without ':' or space; byte " + (i - a)
                        + " is 0x" + Integer.toHexString(b & 0xff));
                return;
            }
        }
        idStart = a;
        idEnd = colon;
        bodyStart = colon + 1;
    }

    private void readGet(int a) {
        if (a >= 0) {
            int colon = indexOf(':', a, textEnd);
            int nEnd = colon < 0 ? textEnd : colon;
            long n = Decimal.read(in, a, nEnd);
            if (n >= 0) { // GET:<anything not a number> is a classic GET
                if (!ProtocolLimits.isTake(n)) {
                    fail(ErrorReason.USAGE, "GET:<n> takes n from 1 to " + ProtocolLimits.MAX_TAKE + ", got " + n);
                    return;
                }
                max = (int) n;
                if (colon >= 0) {
                    waitMs = Decimal.read(in, colon + 1, textEnd);
                    if (!ProtocolLimits.isWaitMs(waitMs)) {
                        fail(ErrorReason.USAGE, "GET:<n>:<wait-ms> takes a wait of 0 to " + ProtocolLimits.MAX_WAIT_MS
                                + " ms, got '" + shorten(colon + 1, textEnd) + "'");
                        return;
                    }
                }
            }
        }
        if (!last() && (max > 1 || waitMs > 0)) {
            fail(ErrorReason.USAGE, "a GET for several messages or with a wait must be the last command of its"
                    + " datagram, so its reply can be told apart");
        }
    }

    private void readLease(int a) {
        if (a < 0) {
            fail(ErrorReason.USAGE, LEASE_FORM);
            return;
        }
        int c1 = indexOf(':', a, textEnd);
        int c2 = c1 < 0 ? -1 : indexOf(':', c1 + 1, textEnd);
        long n = Decimal.read(in, a, c1 < 0 ? textEnd : c1);
        leaseMs = c1 < 0 ? -1 : Decimal.read(in, c1 + 1, c2 < 0 ? textEnd : c2);
        waitMs = c2 < 0 ? 0 : Decimal.read(in, c2 + 1, textEnd);
        if (!ProtocolLimits.isTake(n) || !ProtocolLimits.isLeaseMs(leaseMs) || !ProtocolLimits.isWaitMs(waitMs)) {
            fail(ErrorReason.USAGE, LEASE_FORM + " (n 1-" + ProtocolLimits.MAX_TAKE + ", lease-ms 1-"
                    + ProtocolLimits.MAX_LEASE_MS + ", wait-ms 0-" + ProtocolLimits.MAX_WAIT_MS + "); got '"
                    + shorten(a, textEnd) + "'");
            return;
        }
        max = (int) n;
        if (!last()) {
            fail(ErrorReason.USAGE, "a LEASE must be the last command of its datagram, so its reply can be told apart");
        }
    }

    private void readIds(int a) {
        String name = verb.name();
        if (a < 0 || a == textEnd) {
            fail(ErrorReason.USAGE, name + " takes the lease ids LEASE gave, separated by commas");
            return;
        }
        for (int from = a; from <= textEnd; ) {
            int to = idEnd(from);
            long sequence = LeaseId.read(in, from, to, tagOut);
            long tag = tagOut[0];
            if (sequence < 0 && Decimal.read(in, from, to) >= 0) {
                sequence = -1; // a bare number, as lease ids once were: an id no node hands out now, settles nothing
                tag = 0;
            } else if (sequence < 0) {
                idCount = 0;
                fail(ErrorReason.USAGE, name + " takes lease ids <sequence>.<16 hex digits>, comma-separated; got '"
                        + shorten(from, to) + "'");
                return;
            }
            if (idCount == ids.length) {
                ids = java.util.Arrays.copyOf(ids, ids.length * 2);
                tags = java.util.Arrays.copyOf(tags, tags.length * 2);
            }
            ids[idCount] = sequence;
            tags[idCount++] = tag;
            from = to + 1;
        }
    }

    /**
     * Where the id at {@code from} ends: past the 16 digits of its tag when it has a lease id's shape, found without
     * reading them ({@link LeaseId#read} checks them), else at the next comma or the text's end.
     */
    private int idEnd(int from) {
        int dot = from;
        while (dot < textEnd && in.get(dot) >= '0' && in.get(dot) <= '9') {
            dot++;
        }
        int end = dot + 1 + LeaseId.TAG_DIGITS;
        if (dot > from && end <= textEnd && in.get(dot) == '.' && (end == textEnd || in.get(end) == ',')) {
            return end;
        }
        int comma = indexOf(',', from, textEnd);
        return comma < 0 ? textEnd : comma;
    }

    private RequestReader fail(ErrorReason reason, String detail) {
        error = reason;
        errorDetail = detail;
        return this;
    }

    /** The command's position in its datagram, from 0. */
    public int index() {
        return index;
    }

    /** True for the datagram's last command: only it may wait or take several messages. */
    public boolean last() {
        return index == commands - 1;
    }

    /** True when the command was wrapped in a checksum, so its replies are wrapped too. */
    public boolean checksummed() {
        return checksummed;
    }

    /** The command's verb; {@link Verb#UNKNOWN} for an unknown one and for a command whose checksum failed. */
    public Verb verb() {
        return verb;
    }

    /** Why a node refuses this command, or null when it is well-formed. */
    public ErrorReason error() {
        return error;
    }

    /** The detail of {@link #error()}. */
    public String errorDetail() {
        return errorDetail;
    }

    /** Messages a GET or LEASE asks for (1 for a classic GET). */
    public int max() {
        return max;
    }

    /** A LEASE's lease time in milliseconds. */
    public long leaseMs() {
        return leaseMs;
    }

    /** How long a GET or LEASE may wait for a first message, in milliseconds (0: answer at once). */
    public long waitMs() {
        return waitMs;
    }

    /** Lease ids of an ACK or NACK. */
    public int ids() {
        return idCount;
    }

    /**
     * The sequence number of the {@code k}-th lease id of an ACK or NACK, or -1 for a bare number (no tag), which
     * names no lease.
     */
    public long sequence(int k) {
        return ids[k];
    }

    /** The tag of the {@code k}-th lease id of an ACK or NACK: the node checks it before settling anything. */
    public long tag(int k) {
        return tags[k];
    }

    /** Absolute index of a PUT's or PUTID's body in the datagram's buffer. */
    public int bodyStart() {
        return bodyStart;
    }

    /** Byte length of a PUT's or PUTID's body. */
    public int bodyLength() {
        return textEnd - bodyStart;
    }

    /** A PUTID's producer id, or null for a PUT. */
    public String producerId() {
        if (idStart < 0) {
            return null;
        }
        byte[] id = new byte[idEnd - idStart];
        in.get(idStart, id);
        return new String(id, StandardCharsets.US_ASCII);
    }

    /** The buffer read from. */
    public ByteBuffer buffer() {
        return in;
    }

    /**
     * The command's text as UTF-8 (for logs and tests): past its checksum wrapper, or with it when the checksum
     * failed.
     */
    public String text() {
        byte[] b = new byte[textEnd - textStart];
        in.get(textStart, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * The longest wait any well-formed GET or LEASE of {@code datagram} asks for, in milliseconds: how long its reply
     * may take. Reads a copy of the buffer's bounds; allocates a reader.
     */
    public static long longestWaitMs(ByteBuffer datagram) {
        RequestReader r = new RequestReader().reset(datagram.duplicate());
        long max = 0;
        while (r.hasNext()) {
            r.next();
            if (r.error() == null && (r.verb() == Verb.GET || r.verb() == Verb.LEASE)) {
                max = Math.max(max, r.waitMs());
            }
        }
        return max;
    }

    // ---- a look at the first frame only, for a proxy that forwards what it does not understand ----

    /**
     * The verb of a datagram's first frame, looking through its checksum wrapper without checking it, or null
     * when the first frame's header does not parse or declares more bytes than follow. Reads nothing else of the
     * datagram (not the rest of a long message, not its UTF-8); allocates nothing; the buffer is not modified.
     */
    public static Verb firstVerb(ByteBuffer datagram) {
        int header = firstHeaderLength(datagram);
        if (header < 0) {
            return null;
        }
        int at = datagram.position();
        long size = Hex.read(datagram, at + 1, header - 1);
        int start = at + header;
        if (size < 0 || size > datagram.limit() - start) {
            return null;
        }
        int end = start + (int) size;
        if (Integrity.isWrapped(datagram, start, end - start)) {
            start += Integrity.PREFIX_BYTES;
        }
        // no verb is longer than LONGEST_VERB bytes: a long message costs no scan for its colon
        int scanEnd = Math.min(end, start + LONGEST_VERB + 1);
        int verbEnd = start;
        while (verbEnd < scanEnd && datagram.get(verbEnd) != ':') {
            verbEnd++;
        }
        if (verbEnd == scanEnd && scanEnd < end) {
            return Verb.UNKNOWN;
        }
        return Verb.match(datagram, start, verbEnd - start);
    }

    /** Offset of the first frame's text from the datagram's position (just past {@code LHH}), or -1. */
    public static int firstHeaderLength(ByteBuffer datagram) {
        int at = datagram.position();
        int limit = datagram.limit();
        if (at >= limit) {
            return -1;
        }
        int l = Hex.value(datagram.get(at));
        if (l <= 0 || at + 1 + l > limit) {
            return -1;
        }
        return 1 + l;
    }

    private int indexOf(char c, int from, int end) {
        for (int i = from; i < end; i++) {
            if (in.get(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** Up to 32 characters of the text in {@code [from, end)}, for error details. */
    /**
     * At most {@link #EXCERPT_BYTES} of what was sent, printable ASCII as is and every other byte as {@code \xNN}:
     * an error must not carry a sender's bytes (NULs, escapes, a payload) on to whoever reads the reply or a log.
     */
    private String shorten(int from, int end) {
        StringBuilder out = new StringBuilder();
        int stop = Math.min(end, from + EXCERPT_BYTES);
        for (int i = from; i < stop; i++) {
            int b = in.get(i) & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\' && b != '\'') {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        if (stop < end) {
            out.append("...");
        }
        return out.toString();
    }
}
