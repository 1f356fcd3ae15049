package io.udpgraph.router;

/**
 * What happened to datagrams, counted per direction: in the control API's {@code /counters}, and at
 * {@code /metrics} as {@code udpgraph_router_datagrams_total{direction, action}}.
 */
public enum Action {
    /** Datagrams the router read, before any fault. */
    RECEIVED("received"),
    /** Datagrams the router sent on, copies included. */
    FORWARDED("forwarded"),
    /** Datagrams a drop, random or Gilbert–Elliott fault threw away. */
    DROPPED("dropped"),
    /** Extra copies a duplicate fault sent (a datagram sent 3 times counts 2). */
    DUPLICATED("duplicated"),
    /** Datagrams a delay fault held back for a while. */
    DELAYED("delayed"),
    /** Datagrams a reorder fault held back behind later ones. */
    REORDERED("reordered"),
    /** Datagrams whose bytes a garble fault changed. */
    GARBLED("garbled"),
    /** Datagrams a rate limit made wait in its queue. */
    RATE_QUEUED("rate-queued"),
    /** Datagrams a rate limit threw away because its queue was full. */
    RATE_LIMITED("rate-limited"),
    /** Datagrams thrown away because the router already held as many (or as many bytes) as it may. */
    OVERFLOWED("overflowed"),
    /** Held datagrams thrown away because their session expired or was evicted first. */
    ORPHANED("orphaned"),
    /** Datagrams the operating system refused to send (a full socket buffer, an unreachable port). */
    SEND_FAILED("send-failed");

    private final String word;

    Action(String word) {
        this.word = word;
    }

    /** The word used in JSON, metrics tags and the event log. */
    public String word() {
        return word;
    }
}
