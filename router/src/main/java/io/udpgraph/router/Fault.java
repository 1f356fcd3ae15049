package io.udpgraph.router;

/**
 * A fault in a running router's plan: its id (stable while the fault exists, used by the control API and
 * in the event log as {@code drop#3}) and what it does. The id also keys the fault's random decisions,
 * so changing a fault's probability keeps the datagrams it picks nested: 30 % picks a superset of 20 %.
 */
public record Fault(long id, FaultSpec spec) {
    public Fault {
        if (id <= 0) {
            throw new IllegalArgumentException("fault ids start at 1, got " + id);
        }
        if (spec == null) {
            throw new IllegalArgumentException("a fault needs a spec");
        }
    }

    @Override
    public String toString() {
        return "#" + id + " " + spec.option();
    }
}
