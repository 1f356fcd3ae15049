package io.udpgraph.router;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One fault a router injects, as a value: what it does, how often, and to which datagrams. Written on the
 * command line as {@code --KIND VALUE[,DIRECTION][,VERB…]} and in the control API as
 * {@code {"kind": KIND, "spec": "VALUE[,DIRECTION][,VERB…]"}}; {@link #parse} reads that grammar and
 * {@link #value()} writes it back. The grammar, kind by kind:
 *
 * <pre>
 *   drop             P[:C]                drop with probability P (20%); C correlates consecutive datagrams' fates
 *   duplicate        P[:N]                send N copies in all (default 2)
 *   delay            D[±J][@P][:DIST][:C] hold for D plus or minus up to J (5ms±2ms@30%); P defaults to 100%;
 *                                         DIST uniform (default), normal, pareto, paretonormal; C correlation
 *   reorder          P[:K]                hold back behind the next K datagrams (default 1)
 *   garble           P[:WHERE][:HOW]      WHERE header|text|any (default any), HOW bit|byte (default bit)
 *   random           P                    one of drop, duplicate, delay, reorder, garble, chosen per datagram
 *   gilbert-elliott  p,r[,1-h[,1-k]]      burst loss as netem's "loss gemodel p r 1-h 1-k"
 *   rate             N/s[:Q]              N datagrams/s, or bytes/s with a unit (64KB/s); Q queued at most
 * </pre>
 *
 * Qualifiers follow, comma-separated: {@code up}, {@code down} or {@code both} (the default), and verbs
 * ({@code PUT}, {@code GET}, …) to limit the fault to those requests or, downwards, the replies to them.
 */
public sealed interface FaultSpec {
    /** The kinds in the order the router applies them to one datagram. */
    List<String> KINDS = FaultKind.words();

    /** The delay {@code random} and spike's {@code delay} mode use. */
    Duration RANDOM_DELAY = Duration.ofMillis(50);
    /** The jitter around {@link #RANDOM_DELAY}. */
    Duration RANDOM_JITTER = Duration.ofMillis(25);
    /** Rate-limit queue length when none is given. */
    int DEFAULT_RATE_QUEUE_DATAGRAMS = 1000;

    /** The datagrams this fault applies to. */
    Scope scope();

    /** The kind, as the command-line option is named: {@code drop}, {@code gilbert-elliott}, … */
    default String kind() {
        return faultKind().word();
    }

    /** The kind, with its order among the others and its event-log token. */
    default FaultKind faultKind() {
        return FaultKind.of(this);
    }

    /** This fault with another scope. */
    FaultSpec scope(Scope scope);

    /** The value without qualifiers, canonical: {@code 20%}, {@code 5ms±2ms@30%}. */
    String body();

    /** The value with its qualifiers, as {@link #parse} reads it: {@code 20%,up,PUT}. */
    default String value() {
        return body() + scope().suffix();
    }

    /** The command-line option that sets this fault: {@code --drop 20%,up,PUT}. */
    default String option() {
        return "--" + kind() + " " + value();
    }

    /** A fault that acts on each datagram in its scope with a probability (the others act on every one). */
    sealed interface Chance extends FaultSpec permits Drop, Duplicate, Delay, Reorder, Garble, RandomFault {
        /** How likely the fault acts on one datagram, 0 to 1. */
        double probability();
    }

    /**
     * Drops a datagram with a probability; with a {@code correlation} C a datagram shares the previous one's
     * fate with probability C (netem's {@code loss P C}), so losses come in runs while the rate stays P.
     */
    record Drop(double probability, double correlation, Scope scope) implements Chance {
        public Drop {
            checkProbability(probability);
            checkProbability(correlation);
        }

        /** Independent loss. */
        public Drop(double probability, Scope scope) {
            this(probability, 0, scope);
        }

        @Override
        public Drop scope(Scope s) {
            return new Drop(probability, correlation, s);
        }

        @Override
        public String body() {
            return Units.formatPercent(probability) + correlationSuffix(correlation);
        }
    }

    /** Sends a datagram {@code copies} times in all, back to back, with a probability. */
    record Duplicate(double probability, int copies, Scope scope) implements Chance {
        /** Most copies of one datagram. */
        public static final int MAX_COPIES = 64;

        public Duplicate {
            checkProbability(probability);
            if (copies < 2 || copies > MAX_COPIES) {
                throw new IllegalArgumentException("duplicate sends 2 to " + MAX_COPIES + " copies in all, got " + copies);
            }
        }

        @Override
        public Duplicate scope(Scope s) {
            return new Duplicate(probability, copies, s);
        }

        @Override
        public String body() {
            return Units.formatPercent(probability) + ":" + copies;
        }
    }

    /**
     * Holds a datagram for {@code delay} plus or minus {@code jitter} spread as {@code distribution} says, with a
     * probability; with a {@code correlation} C a datagram reuses the previous one's draw with probability C
     * (netem's {@code delay D J C distribution NAME}).
     */
    record Delay(Duration delay, Duration jitter, double probability, DelayDistribution distribution,
                 double correlation, Scope scope) implements Chance {
        /** Longest delay. */
        public static final Duration MAX_DELAY = Duration.ofMinutes(10);

        /** A uniform, uncorrelated jitter. */
        public Delay(Duration delay, Duration jitter, double probability, Scope scope) {
            this(delay, jitter, probability, DelayDistribution.UNIFORM, 0, scope);
        }

        public Delay {
            checkProbability(probability);
            checkProbability(correlation);
            if (distribution == null) {
                throw new IllegalArgumentException("a delay needs a distribution: uniform, normal, pareto or "
                        + "paretonormal");
            }
            if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
                throw new IllegalArgumentException("delay must be 0 to 10m, got " + Units.formatDuration(delay));
            }
            if (jitter.isNegative() || jitter.compareTo(delay) > 0) {
                throw new IllegalArgumentException("jitter " + Units.formatDuration(jitter) + " exceeds the delay "
                        + Units.formatDuration(delay) + ": a datagram cannot leave before it came; use e.g. "
                        + Units.formatDuration(jitter) + "±" + Units.formatDuration(jitter));
            }
        }

        @Override
        public Delay scope(Scope s) {
            return new Delay(delay, jitter, probability, distribution, correlation, s);
        }

        @Override
        public String body() {
            StringBuilder sb = new StringBuilder(Units.formatDuration(delay));
            if (!jitter.isZero()) {
                sb.append('±').append(Units.formatDuration(jitter));
            }
            if (probability != 1.0) {
                sb.append('@').append(Units.formatPercent(probability));
            }
            if (distribution != DelayDistribution.UNIFORM) {
                sb.append(':').append(distribution.word());
            }
            return sb.append(correlationSuffix(correlation)).toString();
        }
    }

    /** Holds a datagram back until {@code behind} later datagrams of its session and direction went out. */
    record Reorder(double probability, int behind, Scope scope) implements Chance {
        /** Most datagrams one may be held behind. */
        public static final int MAX_BEHIND = 1000;

        public Reorder {
            checkProbability(probability);
            if (behind < 1 || behind > MAX_BEHIND) {
                throw new IllegalArgumentException("reorder holds a datagram behind 1 to " + MAX_BEHIND + " others, got "
                        + behind);
            }
        }

        @Override
        public Reorder scope(Scope s) {
            return new Reorder(probability, behind, s);
        }

        @Override
        public String body() {
            return Units.formatPercent(probability) + ":" + behind;
        }
    }

    /** Where a garble fault changes a datagram. */
    enum GarbleTarget {
        /** The first frame's {@code LHH} header: the node sees a malformed frame. */
        HEADER,
        /** The first frame's text: the node sees another verb, broken UTF-8, or a changed message. */
        TEXT,
        /** Any byte of the datagram. */
        ANY;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a garble fault changes the byte it picked. */
    enum GarbleMode {
        /** Flip one bit. */
        BIT,
        /** Replace the byte with a different one. */
        BYTE;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Changes one byte of a datagram, with a probability. */
    record Garble(double probability, GarbleTarget target, GarbleMode mode, Scope scope) implements Chance {
        public Garble {
            checkProbability(probability);
            if (target == null || mode == null) {
                throw new IllegalArgumentException("garble needs a target (header, text, any) and a mode (bit, byte)");
            }
        }

        @Override
        public Garble scope(Scope s) {
            return new Garble(probability, target, mode, s);
        }

        @Override
        public String body() {
            return Units.formatPercent(probability) + ":" + target.word() + ":" + mode.word();
        }
    }

    /**
     * With a probability, one of drop, duplicate (2 copies), delay ({@link #RANDOM_DELAY} ± {@link #RANDOM_JITTER}),
     * reorder (behind 1) or garble (one bit anywhere), chosen uniformly per datagram.
     */
    record RandomFault(double probability, Scope scope) implements Chance {
        public RandomFault {
            checkProbability(probability);
        }

        @Override
        public RandomFault scope(Scope s) {
            return new RandomFault(probability, s);
        }

        @Override
        public String body() {
            return Units.formatPercent(probability);
        }
    }

    /**
     * Gilbert–Elliott burst loss with netem's four parameters: {@code p} moves from the good to the bad
     * state, {@code r} back; in the bad state a datagram is lost with {@code badLoss} (netem's 1-h), in the
     * good state with {@code goodLoss} (netem's 1-k). The mean loss is about p/(p+r) when badLoss is 100 %
     * and goodLoss 0 %, and the mean burst lasts 1/r datagrams.
     */
    record GilbertElliott(double p, double r, double badLoss, double goodLoss, Scope scope) implements FaultSpec {
        public GilbertElliott {
            checkProbability(p);
            checkProbability(r);
            checkProbability(badLoss);
            checkProbability(goodLoss);
        }

        @Override
        public GilbertElliott scope(Scope s) {
            return new GilbertElliott(p, r, badLoss, goodLoss, s);
        }

        @Override
        public String body() {
            return Units.formatPercent(p) + "," + Units.formatPercent(r) + "," + Units.formatPercent(badLoss) + ","
                    + Units.formatPercent(goodLoss);
        }
    }

    /**
     * Lets at most {@code perSecond} datagrams (or bytes, when {@code bytes}) through per second; the rest
     * wait in a queue of {@code queueDatagrams}, and what does not fit there is dropped and counted. The
     * limit applies to every datagram in scope; the probability does not apply.
     */
    record Rate(double perSecond, boolean bytes, int queueDatagrams, Scope scope) implements FaultSpec {
        /** Longest rate-limit queue. */
        public static final int MAX_QUEUE_DATAGRAMS = 1_000_000;

        public Rate {
            if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
                throw new IllegalArgumentException("a rate must be positive, e.g. 1000/s or 64KB/s, got " + perSecond);
            }
            if (queueDatagrams < 0 || queueDatagrams > MAX_QUEUE_DATAGRAMS) {
                throw new IllegalArgumentException("a rate queue holds 0 to " + MAX_QUEUE_DATAGRAMS + " datagrams, got "
                        + queueDatagrams);
            }
        }

        @Override
        public Rate scope(Scope s) {
            return new Rate(perSecond, bytes, queueDatagrams, s);
        }

        @Override
        public String body() {
            String rate = bytes ? Units.formatBytes(perSecond) : Units.plain(java.math.BigDecimal.valueOf(perSecond));
            return rate + "/s:" + queueDatagrams;
        }
    }

    /**
     * Parses {@code VALUE[,DIRECTION][,VERB…]} for a fault of this kind; the error names the kind and shows
     * the form expected.
     */
    public static FaultSpec parse(String kind, String value) {
        return FaultSpecParser.parse(kind, value);
    }

    /** An example option of each kind, for error messages and help: {@code --drop 20%,up}. */
    static String example(String kind) {
        FaultKind k = FaultKind.fromWord(kind);
        return k == null ? "--drop 20%" : k.example();
    }

    private static String correlationSuffix(double correlation) {
        return correlation == 0 ? "" : ":" + Units.formatPercent(correlation);
    }

    private static void checkProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a probability must be 0% to 100%, got " + p);
        }
    }
}
