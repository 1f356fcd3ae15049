package io.udpgraph.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The verbs a queue node understands: the classic three, then the extensions of docs/PROTOCOL.md. */
public enum Verb {
    /** {@code PUT:<text>}: append a message. */
    PUT,
    /** {@code GET}, {@code GET:<n>}, {@code GET:<n>:<wait-ms>}: take the oldest message(s). */
    GET,
    /** {@code SIZE}: the number of visible messages, in decimal. */
    SIZE,
    /** {@code PUTID:<id>:<text>}: append unless a message with this producer id was put inside the dedup window. */
    PUTID,
    /** {@code LEASE:<n>:<lease-ms>[:<wait-ms>]}: take up to n messages invisibly until ACKed or the lease ends. */
    LEASE,
    /** {@code ACK:<lease-id>[,<lease-id>…]}: remove leased messages for good. */
    ACK,
    /** {@code NACK:<lease-id>[,<lease-id>…]}: make leased messages visible again now. */
    NACK,
    /** {@code STATS}: visible, leased and dead-lettered counts as {@code key=value} pairs. */
    STATS,
    /** {@code PEEK}: the oldest visible message, left where it is, or the empty frame; takes nothing. */
    PEEK,
    /** Anything else; a node answers it with {@code ERR unknown}. */
    UNKNOWN;

    private static final Verb[] KNOWN = {PUT, GET, SIZE, PUTID, LEASE, ACK, NACK, STATS, PEEK};
    private final byte[] wire = name().getBytes(StandardCharsets.US_ASCII);

    /** The verb's bytes as sent. */
    public byte[] wire() {
        return wire.clone();
    }

    /** The verb's bytes, not copied: never to be changed. */
    byte[] wireBytes() {
        return wire;
    }

    /** Matches {@code buf[start, start + length)} against the known verbs without allocating. */
    public static Verb match(ByteBuffer buf, int start, int length) {
        for (Verb v : KNOWN) {
            byte[] w = v.wire;
            if (w.length == length && sameBytes(w, buf, start)) {
                return v;
            }
        }
        return UNKNOWN;
    }

    private static boolean sameBytes(byte[] w, ByteBuffer buf, int start) {
        for (int i = 0; i < w.length; i++) {
            if (buf.get(start + i) != w[i]) {
                return false;
            }
        }
        return true;
    }
}
