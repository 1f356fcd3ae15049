package io.udpgraph.router;

/**
 * The router's source of chance: every random number is a hash of (seed, direction, sequence number of
 * the datagram in that direction, fault id, draw), so the k-th datagram's fate never depends on thread
 * timing, on other directions, or on which other faults exist. Stateless and thread-safe.
 */
final class Decisions {
    private Decisions() {
    }

    /** 64 well-mixed bits for one draw. */
    static long bits(long seed, Direction way, long k, long faultId, int draw) {
        long h = mix(seed ^ (0x9E3779B97F4A7C15L * (way.ordinal() + 1)));
        h = mix(h + k * 0xC2B2AE3D27D4EB4FL);
        h = mix(h + faultId * 0x165667B19E3779F9L);
        return mix(h + (draw + 1) * 0xD6E8FEB86659FD93L);
    }

    /** A uniform double in [0, 1) for one draw. */
    static double uniform(long seed, Direction way, long k, long faultId, int draw) {
        return (bits(seed, way, k, faultId, draw) >>> 11) * 0x1.0p-53;
    }

    /** Stafford's variant 13 of the SplitMix64 finalizer: every input bit affects every output bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
