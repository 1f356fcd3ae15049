package io.udpgraph.router;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What the faults decided for one datagram: dropped or not, how many copies, how long a delay, how many
 * datagrams to wait behind, which bytes to garble, and, for the event log, every fault that acted, in order.
 * {@link FaultDecider} reuses one, so deciding allocates nothing; read it before the next decision.
 */
final class Decision {
    /** The datagram's number in its direction, from 1. */
    long seq;
    boolean dropped;
    int copies;
    long delayNanos;
    int behind;
    int garbles;
    int[] garblePos = new int[4];
    int[] garbleMask = new int[4];
    /** How many faults acted; entry i of the arrays below describes the i-th. */
    int n;
    FaultKind[] kind = new FaultKind[8];
    long[] fault = new long[8];
    /** The kind's value: the garbled offset, the copies, the delay in ns, the datagrams to wait behind. */
    long[] a = new long[8];
    /** The garble mask. */
    long[] b = new long[8];
    /** True when a random fault chose this kind. */
    boolean[] viaRandom = new boolean[8];

    void reset(long k) {
        seq = k;
        dropped = false;
        copies = 1;
        delayNanos = 0;
        behind = 0;
        garbles = 0;
        n = 0;
    }

    /** True when the datagram must wait (a delay or a reorder) before it may go out. */
    boolean holds() {
        return delayNanos > 0 || behind > 0;
    }

    /** Changes the bytes of the datagram at 0.. in {@code buf} as decided. */
    void garbleInPlace(ByteBuffer buf) {
        for (int i = 0; i < garbles; i++) {
            int at = garblePos[i];
            buf.put(at, (byte) (buf.get(at) ^ garbleMask[i]));
        }
    }

    void garble(int at, int mask) {
        if (garbles == garblePos.length) {
            garblePos = Arrays.copyOf(garblePos, garbles * 2);
            garbleMask = Arrays.copyOf(garbleMask, garbles * 2);
        }
        garblePos[garbles] = at;
        garbleMask[garbles] = mask;
        garbles++;
    }

    void record(FaultKind k, long id, long va, long vb, boolean random) {
        if (n == kind.length) {
            int size = n * 2;
            kind = Arrays.copyOf(kind, size);
            fault = Arrays.copyOf(fault, size);
            a = Arrays.copyOf(a, size);
            b = Arrays.copyOf(b, size);
            viaRandom = Arrays.copyOf(viaRandom, size);
        }
        kind[n] = k;
        fault[n] = id;
        a[n] = va;
        b[n] = vb;
        viaRandom[n] = random;
        n++;
    }
}
