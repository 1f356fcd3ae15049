package io.udpgraph.router;

import java.util.Locale;

/** How a router with several upstreams spreads the traffic of one edge over them. */
public enum Balance {
    /**
     * Each request goes to the next upstream in turn, whatever client sent it: PUTs spread evenly over the
     * queue nodes and GETs visit all of them, so one producer and one consumer still meet every message.
     */
    ROUND_ROBIN("round-robin"),
    /** Each client sticks to one upstream chosen by a hash of its address, so its requests stay in order. */
    CLIENT_HASH("client-hash");

    private final String word;

    Balance(String word) {
        this.word = word;
    }

    /** The word used on the command line. */
    public String word() {
        return word;
    }

    /** Parses {@code round-robin} or {@code client-hash}; the error lists both. */
    public static Balance fromWord(String word) {
        for (Balance b : values()) {
            if (b.word.equals(word.toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown balance '" + word + "': expected round-robin or client-hash");
    }

    @Override
    public String toString() {
        return word;
    }
}
