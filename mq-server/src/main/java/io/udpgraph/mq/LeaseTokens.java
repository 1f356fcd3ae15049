package io.udpgraph.mq;

import java.security.SecureRandom;

/**
 * The tags that make a node's lease ids capabilities: SipHash-2-4 of the message's sequence number under a 128-bit
 * key drawn at random when the node starts and never written anywhere, so only this process can write a tag that
 * {@link #valid} accepts, and a stranger's guess settles a lease once in 2^64 tries. After a restart the key is new:
 * ids handed out before settle nothing, and their messages come back when their leases end (at least once holds).
 * Allocation-free and thread-safe (immutable).
 */
final class LeaseTokens {
    private final long k0;
    private final long k1;

    LeaseTokens(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** Tokens under a fresh random key. */
    static LeaseTokens random() {
        SecureRandom random = new SecureRandom();
        return new LeaseTokens(random.nextLong(), random.nextLong());
    }

    /** The tag of the lease id of message {@code sequence}. */
    long tag(long sequence) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        // one 8-byte block, the sequence number (little-endian), then the final block holding only the length (8):
        // two compression rounds each, then four finalization rounds
        long last = 8L << 56;
        for (int r = 0; r < 8; r++) {
            if (r == 0) {
                v3 ^= sequence;
            } else if (r == 2) {
                v0 ^= sequence;
                v3 ^= last;
            } else if (r == 4) {
                v0 ^= last;
                v2 ^= 0xff;
            }
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13) ^ v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16) ^ v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21) ^ v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17) ^ v2;
            v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /** True when {@code tag} is the one this node wrote for {@code sequence}; false for -1 (a bare number). */
    boolean valid(long sequence, long tag) {
        return sequence >= 0 && tag(sequence) == tag;
    }
}
