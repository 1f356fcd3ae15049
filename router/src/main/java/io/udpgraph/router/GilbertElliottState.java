package io.udpgraph.router;

/**
 * The two-state Markov chain of one Gilbert–Elliott fault in one direction, stepped once per datagram in
 * scope exactly as Linux netem's {@code loss gemodel} does: the loss is decided by the state the datagram
 * found, then the state may change. Single-threaded: the loop thread only.
 */
final class GilbertElliottState {
    private FaultSpec.GilbertElliott spec;
    private boolean bad;

    GilbertElliottState(FaultSpec.GilbertElliott spec) {
        this.spec = spec;
    }

    void configure(FaultSpec.GilbertElliott s) {
        this.spec = s;
    }

    /**
     * Steps the chain with two uniform draws: {@code transition} decides a change of state, {@code loss}
     * whether this datagram is lost.
     */
    boolean lose(double transition, double loss) {
        if (bad) {
            if (transition < spec.r()) {
                bad = false;
            }
            return loss < spec.badLoss();
        }
        if (transition < spec.p()) {
            bad = true;
        }
        return loss < spec.goodLoss();
    }
}
