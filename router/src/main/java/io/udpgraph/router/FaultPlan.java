package io.udpgraph.router;

import java.util.List;

/** The immutable set of faults a router applies; the control API replaces it whole, with a new version. */
record FaultPlan(long version, List<Fault> faults) {
    FaultPlan {
        faults = List.copyOf(faults);
    }
}
