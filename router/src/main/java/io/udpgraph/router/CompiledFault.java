package io.udpgraph.router;

/**
 * One fault of a plan as the decider reads it per datagram: its kind, id, verb mask and probability taken
 * out of the spec once, and the Gilbert–Elliott chain that carries over plan changes.
 */
final class CompiledFault {
    final long id;
    final FaultSpec spec;
    final FaultKind kind;
    final int verbMask;
    final double probability;
    /** The chain of a Gilbert–Elliott fault, else null. */
    final GilbertElliottState chain;
    /** The memory of a correlated drop or delay, else null. */
    final Correlation correlation;

    CompiledFault(long id, FaultSpec spec, GilbertElliottState chain) {
        this.id = id;
        this.spec = spec;
        this.kind = spec.faultKind();
        this.verbMask = spec.scope().verbMask();
        this.chain = chain;
        this.probability = spec instanceof FaultSpec.Chance chance ? chance.probability() : 1.0;
        double rho = spec instanceof FaultSpec.Drop d ? d.correlation()
                : spec instanceof FaultSpec.Delay dl ? dl.correlation() : 0;
        this.correlation = rho > 0 ? new Correlation(rho) : null;
    }

    /** True when this fault applies to datagrams of verb code {@code verb}. */
    boolean matches(int verb) {
        return (verbMask & (1 << verb)) != 0;
    }
}
