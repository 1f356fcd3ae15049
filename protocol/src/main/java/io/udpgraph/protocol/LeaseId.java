package io.udpgraph.protocol;

import java.nio.ByteBuffer;

/**
 * A lease id as a node hands it out: the message's sequence number and a 64-bit tag only that node can compute
 * (a keyed hash of the sequence number), one token on the wire, {@code <sequence>.<16 hex digits>} such as
 * {@code 41.9c1f0e3a5b7d2e81}. Pass it back unchanged to ACK or NACK the message; a node settles nothing for an
 * id whose tag it did not write, so ids cannot be guessed from sequence numbers.
 */
public record LeaseId(long sequence, long tag) {
    /** Hex digits of the tag on the wire: always sixteen, lowercase when written. */
    public static final int TAG_DIGITS = 16;

    /** Checks the parts: a sequence number is never negative. */
    public LeaseId {
        if (sequence < 0) {
            throw new IllegalArgumentException("a lease id's sequence number is never negative, got " + sequence);
        }
    }

    /** Bytes of this id on the wire. */
    public int length() {
        return length(sequence);
    }

    /** Bytes on the wire of a lease id whose sequence number is {@code sequence}. */
    public static int length(long sequence) {
        return Decimal.length(sequence) + 1 + TAG_DIGITS;
    }

    /** Appends {@code <sequence>.<tag>}. */
    public static void write(long sequence, long tag, ByteBuffer dst) {
        Decimal.write(sequence, dst);
        dst.put((byte) '.');
        Hex.write16(tag, dst);
    }

    /**
     * Reads the token in {@code buf[from, end)} (absolute); returns its sequence number and leaves its tag in
     * {@code tagOut[0]}, or returns -1 when it is not {@code <sequence>.<16 hex digits>}. Allocation-free.
     */
    public static long read(ByteBuffer buf, int from, int end, long[] tagOut) {
        int dot = end - TAG_DIGITS - 1;
        if (dot <= from || buf.get(dot) != '.') {
            return -1;
        }
        long high = Hex.read8(buf, dot + 1);
        long low = Hex.read8(buf, dot + 1 + TAG_DIGITS / 2);
        if (high < 0 || low < 0) {
            return -1;
        }
        long tag = (high << 32) | low;
        long sequence = Decimal.read(buf, from, dot);
        tagOut[0] = tag;
        return sequence;
    }

    /**
     * Parses {@code <sequence>.<16 hex digits>}, as {@code mq ack} takes it.
     *
     * @throws IllegalArgumentException saying what a lease id looks like
     */
    public static LeaseId parse(CharSequence text) {
        byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long[] tag = new long[1];
        long sequence = bytes.length > ProtocolLimits.MAX_LEASE_ID_BYTES ? -1
                : read(ByteBuffer.wrap(bytes), 0, bytes.length, tag);
        if (sequence < 0) {
            throw new IllegalArgumentException("a lease id is <sequence>.<16 hex digits> as LEASE printed it,"
                    + " e.g. 41.9c1f0e3a5b7d2e81; got '" + text + "'");
        }
        return new LeaseId(sequence, tag[0]);
    }

    /** No lease ids. */
    public static final LeaseId[] NONE = new LeaseId[0];

    /** {@code a} then {@code b} in one array (either itself when the other is empty), as an ACK batch grows. */
    public static LeaseId[] concat(LeaseId[] a, LeaseId[] b) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        LeaseId[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The token as on the wire. */
    @Override
    public String toString() {
        ByteBuffer b = ByteBuffer.allocate(length());
        write(sequence, tag, b);
        return new String(b.array(), java.nio.charset.StandardCharsets.US_ASCII);
    }
}
