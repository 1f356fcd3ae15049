package io.udpgraph.protocol;

/**
 * The LEASE replies one client has accepted, each known by its first grant (a lease id's sequence number and its
 * delivery count), so that a reply the network repeated, or one that came late, is told from the answer to the
 * request outstanding. One grant stands for its whole reply: a node grants a sequence number with a given delivery
 * count once (the count grows with every lease, and survives a restart), so a reply whose first grant was received
 * before is a copy of one received before. Remembers the latest {@value #REMEMBERED} replies in primitive arrays
 * (an open-addressing table and a ring of the order they came in), so a drain allocates nothing and looks up one
 * grant per reply, not one per message. Not thread-safe.
 */
final class LeaseGrants {
    /** Replies (their first grants) remembered to recognise a repeated LEASE reply. */
    static final int REMEMBERED = 8192;
    /** Table slots: twice the grants remembered, so probes stay short. */
    private static final int SLOTS = 2 * REMEMBERED;
    /** An unused slot: lease ids are never negative. */
    private static final long EMPTY = -1;

    private long[] ids;
    private int[] deliveries;
    /** Ids in the order received; once full, {@link #oldest} is the next to forget. */
    private long[] order;
    private int remembered;
    private int oldest;

    /** Notes the reply {@code batch} was read from, by its first grant. */
    void remember(LeaseBatch batch) {
        if (batch.size() > 0) {
            remember(batch.ids().sequence(0), batch.deliveries(0));
        }
    }

    /** Notes a grant received. */
    void remember(long leaseId, int deliveryCount) {
        if (ids == null) {
            ids = new long[SLOTS];
            java.util.Arrays.fill(ids, EMPTY);
            deliveries = new int[SLOTS];
            order = new long[REMEMBERED];
        }
        int slot = slot(leaseId);
        if (ids[slot] == leaseId) {
            deliveries[slot] = deliveryCount; // known already: it keeps its place in the order
            return;
        }
        if (remembered == REMEMBERED) {
            forget(order[oldest]);
            slot = slot(leaseId);
        } else {
            remembered++;
        }
        ids[slot] = leaseId;
        deliveries[slot] = deliveryCount;
        order[oldest] = leaseId;
        oldest = (oldest + 1) % REMEMBERED;
    }

    /** The highest delivery count received for {@code leaseId}, or -1 when it is not remembered. */
    int seen(long leaseId) {
        if (ids == null) {
            return -1;
        }
        int slot = slot(leaseId);
        return ids[slot] == leaseId ? deliveries[slot] : -1;
    }

    /** The slot holding {@code id}, or the empty slot where it would go (linear probing). */
    private int slot(long id) {
        int i = home(id);
        while (ids[i] != EMPTY && ids[i] != id) {
            i = (i + 1) & (SLOTS - 1);
        }
        return i;
    }

    private static int home(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & (SLOTS - 1);
    }

    /** Removes {@code id}, shifting back the entries after it that probed past its slot. */
    private void forget(long id) {
        int hole = slot(id);
        if (ids[hole] != id) {
            return;
        }
        ids[hole] = EMPTY;
        int j = hole;
        while (true) {
            j = (j + 1) & (SLOTS - 1);
            if (ids[j] == EMPTY) {
                return;
            }
            int k = home(ids[j]);
            boolean staysPut = hole <= j ? hole < k && k <= j : hole < k || k <= j;
            if (!staysPut) {
                ids[hole] = ids[j];
                deliveries[hole] = deliveries[j];
                ids[j] = EMPTY;
                hole = j;
            }
        }
    }

    /**
     * True when {@code reply} can answer a LEASE of up to {@code max} messages sent after {@code before} other
     * commands (0, or 1 for the ACK sent with it): the ACK's frame, then an error, the empty frame, or grants whose
     * first was not received before. A single error frame after an ACK is the node refusing the whole datagram.
     * Reads each grant once, into {@code grants}, which holds them all when the answer is true (none for an error or
     * the empty frame).
     */
    boolean isFreshReply(ReplyReader reply, int before, int max, LeaseBatch grants) {
        grants.clear();
        int n = reply.frames();
        if (before == 1 && n == 1 && reply.isError(0)) {
            return true; // the node refused the whole datagram (ERR malformed, ERR usage)
        }
        if (n <= before || n > before + max) {
            return false;
        }
        if (before == 1 && !reply.isError(0) && reply.count(0, Verb.ACK) < 0) {
            return false;
        }
        if (reply.isError(before) || reply.isEmpty(before)) {
            return n == before + 1; // an error or "none" is always the whole reply to a LEASE
        }
        if (!grants.read(reply, before)) {
            return false; // an error or "none" among grants, or a frame that is no grant
        }
        return seen(grants.ids().sequence(0)) < grants.deliveries(0);
    }
}
