package io.udpgraph.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads a reply datagram in place: {@link #reset} checks every frame (and, for a client that sends checksums,
 * every frame's checksum), then each frame is read by its index as what a node answers:
 *
 * <pre>
 *   message    = text                                   GET: one frame per message
 *   empty      = ""                                     the frame 10: nothing to give
 *   put-ack    = "PUT " n " bytes"                      PUT, PUTID
 *   count      = verb " " k                             ACK, NACK
 *   number     = digits                                 SIZE
 *   lease      = lease-id " " deliveries " " (message-id | "-") " " body
 *   stats      = key "=" value *(" " key "=" value)
 *   error      = "ERR " reason [ " " detail ]
 * </pre>
 *
 * Allocates only for the texts and values a caller asks for. Not thread-safe: one reader per thread.
 */
public final class ReplyReader {
    private static final byte[] ERR = ascii("ERR");
    private static final byte[] PUT_ = ascii("PUT ");
    private static final byte[] _BYTES = ascii(" bytes");

    private final FrameCursor cursor = new FrameCursor();
    private final CRC32C crc = new CRC32C();
    private ByteBuffer in;
    private int[] starts = new int[8];
    private int[] lengths = new int[8];
    private int frames;
    private String problem;
    /** The lease frame read last by {@link #readLease}: where its parts are. */
    private long leaseSequence;
    private long leaseTag;
    private final long[] tagOut = new long[1];
    private int deliveries;
    private int messageIdStart;
    private int messageIdEnd;
    private int leaseBodyStart;
    private int leaseBodyEnd;

    /**
     * Reads the frames of {@code datagram} (position..limit; not modified). Returns false when the datagram is
     * garbled (a malformed frame, or with {@code checksums} a frame whose checksum fails): it then counts as lost,
     * and {@link #problem()} says why.
     */
    public boolean reset(ByteBuffer datagram, boolean checksums) {
        in = datagram;
        frames = 0;
        problem = null;
        cursor.reset(datagram);
        try {
            while (cursor.hasNext()) {
                cursor.next();
                int s = cursor.textStart();
                int len = cursor.textLength();
                if (checksums) {
                    if (!Integrity.isWrapped(datagram, s, len)) {
                        problem = "frame " + (frames + 1) + " is not wrapped in a checksum";
                        return false;
                    }
                    String mismatch = Integrity.mismatch(datagram, s, len, crc);
                    if (mismatch != null) {
                        problem = mismatch;
                        return false;
                    }
                    s += Integrity.PREFIX_BYTES;
                    len -= Integrity.PREFIX_BYTES;
                }
                if (frames == starts.length) {
                    starts = Arrays.copyOf(starts, frames * 2);
                    lengths = Arrays.copyOf(lengths, frames * 2);
                }
                starts[frames] = s;
                lengths[frames] = len;
                frames++;
            }
        } catch (FrameException e) {
            problem = e.getMessage();
            frames = 0;
            return false;
        }
        return true;
    }

    /** Why the last {@link #reset} refused its datagram, or null. */
    public String problem() {
        return problem;
    }

    /** Frames in the reply. */
    public int frames() {
        return frames;
    }

    /** The buffer read from. */
    public ByteBuffer buffer() {
        return in;
    }

    /** Absolute index in {@link #buffer()} of frame {@code i}'s text (past any checksum). */
    public int textStart(int i) {
        return starts[i];
    }

    /** Byte length of frame {@code i}'s text. */
    public int textLength(int i) {
        return lengths[i];
    }

    /** A copy of frame {@code i}'s text. */
    public byte[] bytes(int i) {
        byte[] b = new byte[lengths[i]];
        in.get(starts[i], b);
        return b;
    }

    /** Frame {@code i}'s text as UTF-8. */
    public String text(int i) {
        return new String(bytes(i), StandardCharsets.UTF_8);
    }

    /** A {@link Reply} holding a copy of frame {@code i}'s text. */
    public Reply reply(int i) {
        return new Reply(bytes(i));
    }

    /** True for the empty frame {@code 10}: a GET or LEASE that found nothing, or an empty message. */
    public boolean isEmpty(int i) {
        return lengths[i] == 0;
    }

    /** True for {@code ERR <reason> …}. */
    public boolean isError(int i) {
        return isError(in, starts[i], lengths[i]);
    }

    /** The reason of the error frame {@code i}; {@link ErrorReason#INTERNAL} for a word this version does not know. */
    public ErrorReason errorReason(int i) {
        return reply(i).reason();
    }

    /** The detail of the error frame {@code i}, after its reason word. */
    public String errorDetail(int i) {
        return reply(i).detail();
    }

    /** The n of {@code PUT <n> bytes} in frame {@code i}, or -1 when it is not of that form. */
    public long putBytes(int i) {
        return putBytes(in, starts[i], lengths[i]);
    }

    /** The k of {@code <verb> <k>} ({@code ACK 2}) in frame {@code i}, or -1 when it is not of that form. */
    public long count(int i, Verb verb) {
        byte[] w = verb.wireBytes();
        int s = starts[i];
        int len = lengths[i];
        if (len < w.length + 2 || in.get(s + w.length) != ' ') {
            return -1;
        }
        for (int k = 0; k < w.length; k++) {
            if (in.get(s + k) != w[k]) {
                return -1;
            }
        }
        return Decimal.read(in, s + w.length + 1, s + len);
    }

    /** The decimal number frame {@code i} holds (a SIZE reply), or -1 when it holds anything else. */
    public long number(int i) {
        return Decimal.read(in, starts[i], starts[i] + lengths[i]);
    }

    /** The {@code key=value} pairs of a STATS reply in frame {@code i}, in order; empty when it holds none. */
    public Map<String, Long> stats(int i) throws MqException.BadReply {
        Map<String, Long> out = new LinkedHashMap<>();
        String t = text(i);
        for (String pair : t.strip().split(" ")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    out.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    throw new MqException.BadReply("STATS answered '" + t + "'");
                }
            }
        }
        return out;
    }

    /**
     * Reads frame {@code i} as a lease grant; true when it is one, and then {@link #leaseId()},
     * {@link #deliveries()} and {@link #lease()} describe it.
     */
    public boolean readLease(int i) {
        int s = starts[i];
        int end = s + lengths[i];
        int a = indexOf(' ', s, end);
        int b = a < 0 ? -1 : indexOf(' ', a + 1, end);
        int c = b < 0 ? -1 : indexOf(' ', b + 1, end);
        if (c < 0) {
            return false;
        }
        long sequence = LeaseId.read(in, s, a, tagOut);
        long d = Decimal.read(in, a + 1, b);
        if (sequence < 0 || d < 0 || d > Integer.MAX_VALUE) {
            return false;
        }
        leaseSequence = sequence;
        leaseTag = tagOut[0];
        deliveries = (int) d;
        messageIdStart = b + 1;
        messageIdEnd = c;
        leaseBodyStart = c + 1;
        leaseBodyEnd = end;
        return true;
    }

    /** The lease id of the grant read last, as a value (see {@link #leaseSequence()} for one without allocating). */
    public LeaseId leaseId() {
        return new LeaseId(leaseSequence, leaseTag);
    }

    /** The sequence number of the lease id of the grant read last. */
    public long leaseSequence() {
        return leaseSequence;
    }

    /** The tag of the lease id of the grant read last. */
    public long leaseTag() {
        return leaseTag;
    }

    /** The delivery count of the grant read last. */
    public int deliveries() {
        return deliveries;
    }

    /** Absolute index in {@link #buffer()} of the body of the grant read last: write it from there, uncopied. */
    public int leaseBodyStart() {
        return leaseBodyStart;
    }

    /** Byte length of the body of the grant read last. */
    public int leaseBodyLength() {
        return leaseBodyEnd - leaseBodyStart;
    }

    /** The grant read last as a value, its body copied. */
    public Lease lease() {
        byte[] id = new byte[messageIdEnd - messageIdStart];
        in.get(messageIdStart, id);
        String messageId = new String(id, StandardCharsets.UTF_8);
        byte[] body = new byte[leaseBodyEnd - leaseBodyStart];
        in.get(leaseBodyStart, body);
        return new Lease(leaseId(), deliveries, "-".equals(messageId) ? null : messageId, body);
    }

    // ---- the same shapes for a text already copied out ----

    /** True for {@code ERR} alone or {@code ERR <reason> …} in {@code buf[start, start + length)}. */
    public static boolean isError(ByteBuffer buf, int start, int length) {
        if (length < ERR.length) {
            return false;
        }
        for (int k = 0; k < ERR.length; k++) {
            if (buf.get(start + k) != ERR[k]) {
                return false;
            }
        }
        return length == ERR.length || buf.get(start + ERR.length) == ' ';
    }

    /** The n of {@code PUT <n> bytes} (at most ten digits) in {@code buf[start, start + length)}, or -1. */
    public static long putBytes(ByteBuffer buf, int start, int length) {
        int digits = length - PUT_.length - _BYTES.length;
        if (digits < 1 || digits > 10 || !startsWith(buf, start, PUT_)
                || !startsWith(buf, start + length - _BYTES.length, _BYTES)) {
            return -1;
        }
        return Decimal.read(buf, start + PUT_.length, start + PUT_.length + digits);
    }

    private static boolean startsWith(ByteBuffer buf, int at, byte[] prefix) {
        for (int k = 0; k < prefix.length; k++) {
            if (buf.get(at + k) != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(char ch, int from, int end) {
        for (int i = from; i < end; i++) {
            if (in.get(i) == ch) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
