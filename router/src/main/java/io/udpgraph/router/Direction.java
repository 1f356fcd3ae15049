package io.udpgraph.router;

import java.util.Locale;

/**
 * Which way a datagram travels through the router: {@link #UP} from a client towards the upstream node,
 * {@link #DOWN} from the upstream back to the client. A fault applies to one of them or {@link #BOTH}.
 */
public enum Direction {
    /** Client to upstream: requests. */
    UP,
    /** Upstream to client: replies. */
    DOWN,
    /** Both ways; only a fault's scope uses it, a datagram is always up or down. */
    BOTH;

    private final String word = name().toLowerCase(Locale.ROOT);

    /** The lower-case word used on the command line, in the event log and in JSON. */
    public String word() {
        return word;
    }

    /** True when a fault scoped to this direction applies to a datagram travelling {@code way}. */
    public boolean includes(Direction way) {
        return this == BOTH || this == way;
    }

    /** The direction named by {@code up}, {@code down} or {@code both} in any case, or null. */
    public static Direction fromWord(String word) {
        for (Direction d : values()) {
            if (d.word.equalsIgnoreCase(word)) {
                return d;
            }
        }
        return null;
    }
}
