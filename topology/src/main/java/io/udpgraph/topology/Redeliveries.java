package io.udpgraph.topology;

import io.udpgraph.protocol.Lease;
import java.util.HashSet;
import java.util.Set;

/** What a leasing sink has seen, so a message that comes to it again is counted once. */
final class Redeliveries {
    // A lease id's sequence number is the stored message's: seen again, it is the sink's own redelivery (a lost LEASE
    // reply or ACK), not a copy the graph made.
    private final Set<Long> leaseIds = new HashSet<>();
    // Under effectively-once a result id seen before is a redelivery too: the consumer's half of the guarantee.
    private final Set<String> resultIds = new HashSet<>();
    private final boolean byResultId;

    Redeliveries(boolean byResultId) {
        this.byResultId = byResultId;
    }

    /** Whether this lease brings a message the sink has not counted yet. */
    boolean firstTime(Lease lease) {
        if (!leaseIds.add(lease.leaseId().sequence())) {
            return false;
        }
        return !byResultId || lease.messageId() == null || resultIds.add(lease.messageId());
    }
}
