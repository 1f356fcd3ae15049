package io.udpgraph.connector;

import java.util.Locale;

/** What a connector promises about each message it moves ({@code --guarantee}). */
public enum Guarantee {
    /**
     * Every message read is stored or written at least once: a batch whose reply was lost is sent again, so a
     * message may be stored twice. The default.
     */
    AT_LEAST_ONCE,
    /**
     * tcp-in PUTs with ids derived from the connection and the message's sequence in it ({@code PUTID}) and with
     * checksums, so a batch sent again after a lost reply is stored once (a feed that resends after reconnecting
     * makes new messages); tcp-out cannot take back bytes it wrote, so it stays at least once across its own
     * restarts.
     */
    EFFECTIVELY_ONCE;

    /** The word used on the command line, e.g. {@code at-least-once}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code at-least-once|effectively-once}; the error lists the choices. */
    public static Guarantee parse(String word) {
        for (Guarantee g : values()) {
            if (g.word().equalsIgnoreCase(word.strip())) {
                return g;
            }
        }
        throw new IllegalArgumentException("expected at-least-once or effectively-once, got '" + word + "'");
    }
}
