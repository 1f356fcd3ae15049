package io.udpgraph.mq;

import io.udpgraph.runtime.Allowlist;
import java.time.Duration;

/**
 * Whom a queue node serves and how much it may send them: the {@code --allow} list, the per-source reply budget
 * ({@code --max-reply-rate} bytes per second, with a burst of one second's worth) and the shortest lease granted
 * ({@code --min-lease}; a shorter LEASE is clamped up to it). See docs/SECURITY.md.
 *
 * @param allowlist          sources served; others get no reply
 * @param maxReplyBytesPerSecond reply bytes per second one source address may draw, at least 65,536
 * @param minLease           the shortest lease granted
 */
public record SourcePolicy(Allowlist allowlist, long maxReplyBytesPerSecond, Duration minLease) {
    /** The default reply budget per source: far above what one machine's clients draw on loopback. */
    public static final long DEFAULT_MAX_REPLY_BYTES_PER_SECOND = 1L << 30;
    /** The default shortest lease: a 1 ms lease would let one LEASE re-send the same messages a thousand times a second. */
    public static final Duration DEFAULT_MIN_LEASE = Duration.ofMillis(100);

    /** Checks the values; the messages name the flag to change. */
    public SourcePolicy {
        if (allowlist == null) {
            throw new IllegalArgumentException("allowlist is required; Allowlist.loopbackOnly() serves this machine");
        }
        if (maxReplyBytesPerSecond < 65_536) {
            throw new IllegalArgumentException("--max-reply-rate must be at least 65536 bytes per second (one"
                    + " datagram), got " + maxReplyBytesPerSecond);
        }
        if (minLease == null || minLease.isNegative() || minLease.isZero() || minLease.toMillis() > 60_000) {
            throw new IllegalArgumentException("--min-lease must be 1ms-60s, got " + minLease);
        }
    }

    /** What {@code mq-server} serves with no flags: loopback only, 1 GiB/s per source, leases of 100 ms at least. */
    public static SourcePolicy defaults() {
        return new SourcePolicy(Allowlist.loopbackOnly(), DEFAULT_MAX_REPLY_BYTES_PER_SECOND, DEFAULT_MIN_LEASE);
    }

    /** Like {@link #defaults()} but with leases as short as 1 ms: for nodes embedded in tests and experiments. */
    public static SourcePolicy embedded() {
        return defaults().minLease(Duration.ofMillis(1));
    }

    /** With {@code v} as the sources served. */
    public SourcePolicy allowlist(Allowlist v) {
        return new SourcePolicy(v, maxReplyBytesPerSecond, minLease);
    }

    /** With {@code v} reply bytes per second per source. */
    public SourcePolicy maxReplyBytesPerSecond(long v) {
        return new SourcePolicy(allowlist, v, minLease);
    }

    /** With {@code v} as the shortest lease. */
    public SourcePolicy minLease(Duration v) {
        return new SourcePolicy(allowlist, maxReplyBytesPerSecond, v);
    }
}
