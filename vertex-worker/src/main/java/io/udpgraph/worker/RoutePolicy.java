package io.udpgraph.worker;

import java.util.Locale;

/**
 * How a worker with several outputs chooses where each result goes ({@code --route}). With one output
 * every policy sends everything there.
 */
public enum RoutePolicy {
    /** Results go to the outputs in turn, one each: result k of the worker's life to output k mod n. */
    ROUND_ROBIN,
    /**
     * A result goes to output {@code crc32c(key) mod n}, the key being the routing key the function gave
     * or else the whole result: equal keys always meet at the same output.
     */
    HASH,
    /** Every result goes to every output. */
    BROADCAST,
    /** Each result goes to one output chosen uniformly at random (seeded, so runs can be repeated). */
    RANDOM;

    /** The word used on the command line, e.g. {@code round-robin}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code round-robin|hash|broadcast|random}; the error lists the choices. */
    public static RoutePolicy parse(String word) {
        for (RoutePolicy p : values()) {
            if (p.word().equalsIgnoreCase(word.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown route '" + word + "': expected round-robin, hash, broadcast or random");
    }
}
