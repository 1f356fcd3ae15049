package io.udpgraph.router;

import io.udpgraph.protocol.RequestReader;
import io.udpgraph.protocol.Verb;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The verb of a request datagram's first frame as a small code, read by the protocol's
 * {@link RequestReader#firstVerb} (without allocating, through the {@code ~crc32c~} wrapper). The router
 * never validates more than it needs: a datagram whose first frame header does not parse is
 * {@link #MALFORMED}, everything else is forwarded as it came.
 * Verbs are small integer codes: {@link Verb#ordinal()} for the protocol's verbs, then {@code MALFORMED}.
 */
final class VerbSniffer {
    private static final Verb[] VERBS = Verb.values();
    /** The code of a datagram whose first frame header does not parse. */
    static final int MALFORMED = VERBS.length;
    /** Number of codes. */
    static final int CODES = MALFORMED + 1;
    private static final byte[][] LOG_NAMES = new byte[CODES][];

    static {
        for (Verb v : VERBS) {
            LOG_NAMES[v.ordinal()] = v.name().getBytes(StandardCharsets.US_ASCII);
        }
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
        Verb v = RequestReader.firstVerb(buf);
        return v == null ? MALFORMED : v.ordinal();
    }

    /** Offset of the first frame's text from the datagram's start (just past {@code LHH}), or -1. */
    static int headerLength(ByteBuffer buf) {
        return RequestReader.firstHeaderLength(buf);
    }
}
