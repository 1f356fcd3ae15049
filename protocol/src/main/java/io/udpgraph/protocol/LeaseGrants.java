package io.udpgraph.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lease grants one client has received (lease id and the highest delivery count), so that a LEASE reply the
 * network repeated, or one that came late, is told from the answer to the request outstanding: a real reply
 * carries only grants not seen before. Remembers the latest {@value #REMEMBERED} grants. Not thread-safe.
 */
final class LeaseGrants {
    /** Lease grants remembered to recognise a repeated LEASE reply. */
    static final int REMEMBERED = 8192;

    private final LinkedHashMap<Long, Integer> grants = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** Notes a grant received. */
    void remember(long leaseId, int deliveries) {
        grants.put(leaseId, deliveries);
    }

    /**
     * True when {@code reply} can answer a LEASE of up to {@code max} messages sent after {@code before} other
     * commands (0, or 1 for the ACK sent with it): the ACK's frame, then an error, the empty frame, or grants none
     * of which was received before. A single error frame after an ACK is the node refusing the whole datagram.
     */
    boolean isFreshReply(ReplyReader reply, int before, int max) {
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
        for (int k = before; k < n; k++) {
            if (reply.isError(k) || reply.isEmpty(k)) {
                // an error or "none" is always the whole reply to a LEASE
                return n == before + 1;
            }
            if (!reply.readLease(k)) {
                return false;
            }
            Integer seen = grants.get(reply.leaseId());
            if (seen != null && seen >= reply.deliveries()) {
                return false;
            }
        }
        return true;
    }
}
