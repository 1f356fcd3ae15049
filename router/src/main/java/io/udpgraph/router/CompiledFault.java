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

    CompiledFault(long id, FaultSpec spec, GilbertElliottState chain) {
        this.id = id;
        this.spec = spec;
        this.kind = spec.faultKind();
        this.verbMask = spec.scope().verbMask();
        this.chain = chain;
        this.probability = switch (kind) {
            case DROP -> ((FaultSpec.Drop) spec).probability();
            case RANDOM -> ((FaultSpec.RandomFault) spec).probability();
            case GARBLE -> ((FaultSpec.Garble) spec).probability();
            case DUPLICATE -> ((FaultSpec.Duplicate) spec).probability();
            case DELAY -> ((FaultSpec.Delay) spec).probability();
            case REORDER -> ((FaultSpec.Reorder) spec).probability();
            case GILBERT_ELLIOTT, RATE -> 1.0;
        };
    }

    /** True when this fault applies to datagrams of verb code {@code verb}. */
    boolean matches(int verb) {
        return (verbMask & (1 << verb)) != 0;
    }
}
