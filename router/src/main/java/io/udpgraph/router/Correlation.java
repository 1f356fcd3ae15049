package io.udpgraph.router;

/**
 * The memory of a correlated fault in one direction: with probability {@code rho} a datagram reuses the previous
 * datagram's draw, otherwise it takes a fresh one. Unlike netem's weighted average this keeps the draw's
 * distribution (so {@code drop 10%:50%} still drops 10 %) and gives consecutive draws a correlation of rho.
 * Single-threaded: the loop thread only.
 */
final class Correlation {
    private final double rho;
    private double last = Double.NaN;

    Correlation(double rho) {
        this.rho = rho;
    }

    /** The draw for this datagram, from a {@code fresh} draw and a draw {@code stay} that decides reuse. */
    double next(double fresh, double stay) {
        if (Double.isNaN(last) || stay >= rho) {
            last = fresh;
        }
        return last;
    }
}
