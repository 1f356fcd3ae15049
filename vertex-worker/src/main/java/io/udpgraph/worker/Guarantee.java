package io.udpgraph.worker;

import java.util.Locale;

/**
 * What a worker promises about each input ({@code --guarantee}); stronger guarantees need a queue node
 * with the LEASE, ACK and PUTID extensions of docs/PROTOCOL.md.
 */
public enum Guarantee {
    /**
     * Classic GET: a message is removed when it is read, so a lost reply, a crash or an unacknowledged
     * PUT loses it, but nothing is ever published twice. The default, and all a classic node offers.
     */
    AT_MOST_ONCE,
    /**
     * LEASE, process, publish, wait until every PUT is acknowledged (retrying timeouts and refusals),
     * then ACK: nothing is lost, but a crash or a lost reply can publish a result twice.
     */
    AT_LEAST_ONCE,
    /**
     * At-least-once, plus PUTID with output ids derived from the input's id and the result's index, and
     * CRC32C checksums on every request and reply: the next queue node drops the repeats, so a
     * deterministic function's results arrive exactly once.
     */
    EFFECTIVELY_ONCE;

    /** The word used on the command line, e.g. {@code at-least-once}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** True when inputs are leased and acknowledged rather than taken with GET. */
    public boolean leases() {
        return this != AT_MOST_ONCE;
    }

    /** Parses {@code at-most-once|at-least-once|effectively-once}; the error lists the choices. */
    public static Guarantee parse(String word) {
        for (Guarantee g : values()) {
            if (g.word().equalsIgnoreCase(word.strip())) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown guarantee '" + word
                + "': expected at-most-once, at-least-once or effectively-once");
    }
}
