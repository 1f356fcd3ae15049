package io.udpgraph.router;

import java.util.Locale;

/**
 * How a delay fault spreads its jitter around the delay, as Linux netem's distribution tables do:
 * {@code --delay 50ms±10ms:normal}. {@link #offset} maps one uniform draw to an offset in units of the jitter,
 * so the decider stays a pure function of its draws.
 */
public enum DelayDistribution {
    /** Evenly between delay - jitter and delay + jitter (mean 0, standard deviation 1/√3 jitter). */
    UNIFORM,
    /** A bell around the delay with the jitter as its standard deviation. */
    NORMAL,
    /**
     * netem's Pareto table: {@code u^(-1/3) - 1} jitters above the delay (shape 3: mean 0.5, standard
     * deviation about 0.87 jitter), its long tail cut at 15 jitters as netem's table cuts it.
     */
    PARETO,
    /** netem's mix of the two: a quarter {@link #NORMAL}, three quarters {@link #PARETO}. */
    PARETONORMAL;

    /** The smallest draw {@link #PARETO} takes, so its tail ends at 15 jitters like netem's 4096-entry table. */
    private static final double PARETO_MIN_DRAW = 1.0 / 4096;

    /** The word the fault grammar uses: {@code normal}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The distribution named {@code word} (any case), or null. */
    static DelayDistribution fromWord(String word) {
        for (DelayDistribution d : values()) {
            if (d.word().equalsIgnoreCase(word.strip())) {
                return d;
            }
        }
        return null;
    }

    /** The offset from the delay, in jitters, for a uniform draw {@code u} in [0, 1) and a second one {@code v}. */
    double offset(double u, double v) {
        return switch (this) {
            case UNIFORM -> 2 * u - 1;
            case NORMAL -> normal(u);
            case PARETO -> pareto(u);
            case PARETONORMAL -> 0.25 * normal(u) + 0.75 * pareto(v);
        };
    }

    private static double pareto(double u) {
        return Math.pow(Math.max(1 - u, PARETO_MIN_DRAW), -1.0 / 3) - 1;
    }

    /** The standard normal quantile of {@code u}, by Acklam's rational approximation (relative error 1.2e-9). */
    static double normal(double u) {
        double p = Math.min(Math.max(u, 1e-12), 1 - 1e-12);
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            return tail(q);
        }
        if (p > 1 - 0.02425) {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            return -tail(q);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
                + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
                / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
                + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
    }

    private static double tail(double q) {
        return (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
                - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
                + 3.754408661907416e+00) * q + 1);
    }
}
