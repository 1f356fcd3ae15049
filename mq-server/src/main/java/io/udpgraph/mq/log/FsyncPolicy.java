package io.udpgraph.mq.log;

import java.util.Locale;

/** When the log forces its appends to disk: choose {@code ALWAYS} when an answered PUT must survive a power cut. */
public enum FsyncPolicy {
    /**
     * Every append returns only once its record is on disk. Concurrent appenders share one force (group
     * commit), so two threads appending at once cost about one force, not two.
     */
    ALWAYS,
    /**
     * Appends reach the OS at once (so a killed process loses nothing) and a background thread forces them
     * every {@link LogConfig#fsyncInterval()}; a power cut loses at most that much.
     */
    INTERVAL,
    /** Appends reach the OS at once and are forced only at close: a killed process loses nothing, a power cut may. */
    NEVER;

    /**
     * Parses {@code always}, {@code interval} or {@code never}, in any case.
     *
     * @throws IllegalArgumentException naming the accepted words
     */
    public static FsyncPolicy parse(String text) {
        for (FsyncPolicy p : values()) {
            if (p.name().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("expected always, interval or never for the fsync policy, got '" + text + "'");
    }

    /** The word {@link #parse} accepts, as the command line spells it. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
