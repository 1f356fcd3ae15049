package io.udpgraph.router;

import io.udpgraph.protocol.Integrity;
import io.udpgraph.protocol.Verb;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the verb of a request datagram's first frame without allocating, looking through the
 * {@code ~crc32c~} integrity wrapper. The router never validates more than it needs: a datagram whose
 * first frame header does not parse is {@link #MALFORMED}, everything else is forwarded as it came.
 * Verbs are small integer codes: {@link Verb#ordinal()} for the protocol's verbs, then {@code MALFORMED}.
 */
final class VerbSniffer {
    private static final Verb[] VERBS = Verb.values();
    /** The code of a datagram whose first frame header does not parse. */
    static final int MALFORMED = VERBS.length;
    /** Number of codes. */
    static final int CODES = MALFORMED + 1;
    private static final byte[][] LOG_NAMES = new byte[CODES][];
    private static final int LONGEST_VERB;

    static {
        int longest = 0;
        for (Verb v : VERBS) {
            LOG_NAMES[v.ordinal()] = v.name().getBytes(StandardCharsets.US_ASCII);
            longest = Math.max(longest, v.name().length());
        }
        LONGEST_VERB = longest;
        LOG_NAMES[MALFORMED] = "-".getBytes(StandardCharsets.US_ASCII);
    }

    private VerbSniffer() {
    }

    /** The filter word of a code: a verb's name or {@code MALFORMED}. */
    static String name(int code) {
        return code == MALFORMED ? "MALFORMED" : VERBS[code].name();
    }

    /** The code of a filter word in any case, or -1. */
    static int code(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.equals("MALFORMED")) {
            return MALFORMED;
        }
        for (Verb v : VERBS) {
            if (v.name().equals(n)) {
                return v.ordinal();
            }
        }
        return -1;
    }

    /** How a code appears in the event log ({@code -} for a malformed datagram). */
    static byte[] logName(int code) {
        return LOG_NAMES[code];
    }

    /** The verb code of the first frame in {@code buf}'s position..limit; the buffer is not modified. */
    static int sniff(ByteBuffer buf) {
        int at = buf.position();
        int limit = buf.limit();
        if (at >= limit) {
            return MALFORMED;
        }
        int l = hex(buf.get(at));
        if (l <= 0 || at + 1 + l > limit) {
            return MALFORMED;
        }
        long size = 0;
        for (int i = 1; i <= l; i++) {
            int v = hex(buf.get(at + i));
            if (v < 0) {
                return MALFORMED;
            }
            size = (size << 4) | v;
        }
        int start = at + 1 + l;
        if (size > limit - start) {
            return MALFORMED;
        }
        int end = start + (int) size;
        if (end - start >= Integrity.PREFIX_BYTES && buf.get(start) == '~' && buf.get(start + 9) == '~') {
            start += Integrity.PREFIX_BYTES;
        }
        // no verb is longer than LONGEST_VERB bytes: a long message costs no scan for its colon
        int scanEnd = Math.min(end, start + LONGEST_VERB + 1);
        int verbEnd = start;
        while (verbEnd < scanEnd && buf.get(verbEnd) != ':') {
            verbEnd++;
        }
        if (verbEnd == scanEnd && scanEnd < end) {
            return Verb.UNKNOWN.ordinal();
        }
        return Verb.match(buf, start, verbEnd - start).ordinal();
    }

    private static int hex(byte b) {
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

    /** Offset of the first frame's text from the datagram's start (just past {@code LHH}), or -1. */
    static int headerLength(ByteBuffer buf) {
        int at = buf.position();
        int limit = buf.limit();
        if (at >= limit) {
            return -1;
        }
        int l = hex(buf.get(at));
        if (l <= 0 || at + 1 + l > limit) {
            return -1;
        }
        return 1 + l;
    }
}
