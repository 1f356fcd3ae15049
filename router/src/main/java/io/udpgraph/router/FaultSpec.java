package io.udpgraph.router;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One fault a router injects, as a value: what it does, how often, and to which datagrams. Written on the
 * command line as {@code --KIND VALUE[,DIRECTION][,VERB…]} and in the control API as
 * {@code {"kind": KIND, "spec": "VALUE[,DIRECTION][,VERB…]"}}; {@link #parse} reads that grammar and
 * {@link #value()} writes it back. The grammar, kind by kind:
 *
 * <pre>
 *   drop             P                    drop with probability P (20%)
 *   duplicate        P[:N]                send N copies in all (default 2)
 *   delay            D[±J][@P]            hold for D plus or minus up to J (5ms±2ms@30%); P defaults to 100%
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
    List<String> KINDS = List.of("gilbert-elliott", "drop", "random", "garble", "duplicate", "delay", "reorder", "rate");

    /** The delay {@code random} and spike's {@code delay} mode use. */
    Duration RANDOM_DELAY = Duration.ofMillis(50);
    /** The jitter around {@link #RANDOM_DELAY}. */
    Duration RANDOM_JITTER = Duration.ofMillis(25);
    /** Rate-limit queue length when none is given. */
    int DEFAULT_RATE_QUEUE_DATAGRAMS = 1000;

    /** The datagrams this fault applies to. */
    Scope scope();

    /** The kind, as the command-line option is named: {@code drop}, {@code gilbert-elliott}, … */
    String kind();

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

    /** Drops a datagram with a probability. */
    record Drop(double probability, Scope scope) implements FaultSpec {
        public Drop {
            checkProbability(probability);
        }

        @Override
        public String kind() {
            return "drop";
        }

        @Override
        public Drop scope(Scope s) {
            return new Drop(probability, s);
        }

        @Override
        public String body() {
            return Units.formatPercent(probability);
        }
    }

    /** Sends a datagram {@code copies} times in all, back to back, with a probability. */
    record Duplicate(double probability, int copies, Scope scope) implements FaultSpec {
        /** Most copies of one datagram. */
        public static final int MAX_COPIES = 64;

        public Duplicate {
            checkProbability(probability);
            if (copies < 2 || copies > MAX_COPIES) {
                throw new IllegalArgumentException("duplicate sends 2 to " + MAX_COPIES + " copies in all, got " + copies);
            }
        }

        @Override
        public String kind() {
            return "duplicate";
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

    /** Holds a datagram for {@code delay} plus or minus a uniform {@code jitter}, with a probability. */
    record Delay(Duration delay, Duration jitter, double probability, Scope scope) implements FaultSpec {
        /** Longest delay. */
        public static final Duration MAX_DELAY = Duration.ofMinutes(10);

        public Delay {
            checkProbability(probability);
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
        public String kind() {
            return "delay";
        }

        @Override
        public Delay scope(Scope s) {
            return new Delay(delay, jitter, probability, s);
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
            return sb.toString();
        }
    }

    /** Holds a datagram back until {@code behind} later datagrams of its session and direction went out. */
    record Reorder(double probability, int behind, Scope scope) implements FaultSpec {
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
        public String kind() {
            return "reorder";
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
    record Garble(double probability, GarbleTarget target, GarbleMode mode, Scope scope) implements FaultSpec {
        public Garble {
            checkProbability(probability);
            if (target == null || mode == null) {
                throw new IllegalArgumentException("garble needs a target (header, text, any) and a mode (bit, byte)");
            }
        }

        @Override
        public String kind() {
            return "garble";
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
    record RandomFault(double probability, Scope scope) implements FaultSpec {
        public RandomFault {
            checkProbability(probability);
        }

        @Override
        public String kind() {
            return "random";
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
        public String kind() {
            return "gilbert-elliott";
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
        public String kind() {
            return "rate";
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
        String k = kind == null ? "" : kind.strip().toLowerCase(Locale.ROOT);
        if (k.startsWith("--")) {
            k = k.substring(2);
        }
        if (!KINDS.contains(k)) {
            throw new IllegalArgumentException("unknown fault kind '" + kind + "': expected one of " + String.join(", ", KINDS));
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + k + " needs a value, e.g. " + example(k));
        }
        try {
            return parseKind(k, value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + k + " " + value + ": " + e.getMessage() + " (e.g. " + example(k)
                    + ")", e);
        }
    }

    /** An example option of each kind, for error messages and help: {@code --drop 20%,up}. */
    static String example(String kind) {
        return switch (kind) {
            case "drop" -> "--drop 20%,up";
            case "duplicate" -> "--duplicate 10%:2";
            case "delay" -> "--delay 5ms±2ms@30%,down";
            case "reorder" -> "--reorder 20%:3";
            case "garble" -> "--garble 10%:text,up,PUT";
            case "random" -> "--random 5%";
            case "gilbert-elliott" -> "--gilbert-elliott 5%,20%,100%,0%";
            case "rate" -> "--rate 1000/s:500 or --rate 64KB/s";
            default -> "--drop 20%";
        };
    }

    private static FaultSpec parseKind(String kind, String value) {
        String[] tokens = value.split(",", -1);
        int params = 1;
        if (kind.equals("gilbert-elliott")) {
            params = 0;
            while (params < tokens.length && params < 4 && tokens[params].strip().endsWith("%")) {
                params++;
            }
            if (params < 2) {
                throw new IllegalArgumentException("expected p,r[,1-h[,1-k]] as percentages");
            }
        }
        Scope scope = parseQualifiers(tokens, params);
        String main = tokens[0].strip();
        switch (kind) {
            case "drop":
                return new Drop(Units.parsePercent(main), scope);
            case "random":
                return new RandomFault(Units.parsePercent(main), scope);
            case "duplicate": {
                String[] parts = main.split(":", -1);
                int copies = parts.length > 1 ? integer(parts[1], "copies") : 2;
                if (parts.length > 2) {
                    throw new IllegalArgumentException("expected P[:N]");
                }
                return new Duplicate(Units.parsePercent(parts[0]), copies, scope);
            }
            case "reorder": {
                String[] parts = main.split(":", -1);
                int behind = parts.length > 1 ? integer(parts[1], "datagrams to hold behind") : 1;
                if (parts.length > 2) {
                    throw new IllegalArgumentException("expected P[:K]");
                }
                return new Reorder(Units.parsePercent(parts[0]), behind, scope);
            }
            case "delay": {
                String rest = main;
                double probability = 1.0;
                int at = rest.indexOf('@');
                if (at >= 0) {
                    probability = Units.parsePercent(rest.substring(at + 1));
                    rest = rest.substring(0, at);
                }
                Duration jitter = Duration.ZERO;
                int pm = rest.indexOf('±');
                int pmLength = 1;
                if (pm < 0) {
                    pm = rest.indexOf("+-");
                    pmLength = 2;
                }
                if (pm >= 0) {
                    jitter = Units.parseDuration(rest.substring(pm + pmLength));
                    rest = rest.substring(0, pm);
                }
                return new Delay(Units.parseDuration(rest), jitter, probability, scope);
            }
            case "garble": {
                String[] parts = main.split(":", -1);
                GarbleTarget target = GarbleTarget.ANY;
                GarbleMode mode = GarbleMode.BIT;
                for (int i = 1; i < parts.length; i++) {
                    String word = parts[i].strip().toUpperCase(Locale.ROOT);
                    if (word.equals("BITS")) {
                        word = "BIT";
                    } else if (word.equals("BYTES")) {
                        word = "BYTE";
                    }
                    if (isConstant(GarbleTarget.class, word)) {
                        target = GarbleTarget.valueOf(word);
                    } else if (isConstant(GarbleMode.class, word)) {
                        mode = GarbleMode.valueOf(word);
                    } else {
                        throw new IllegalArgumentException("'" + parts[i] + "' is neither a place (header, text, any) "
                                + "nor a way (bit, byte)");
                    }
                }
                return new Garble(Units.parsePercent(parts[0]), target, mode, scope);
            }
            case "gilbert-elliott": {
                double p = Units.parsePercent(tokens[0]);
                double r = Units.parsePercent(tokens[1]);
                double bad = params > 2 ? Units.parsePercent(tokens[2]) : 1.0;
                double good = params > 3 ? Units.parsePercent(tokens[3]) : 0.0;
                return new GilbertElliott(p, r, bad, good, scope);
            }
            case "rate": {
                String[] parts = main.split(":", -1);
                if (parts.length > 2) {
                    throw new IllegalArgumentException("expected N/s[:Q]");
                }
                int queue = parts.length > 1 ? integer(parts[1], "queue length") : DEFAULT_RATE_QUEUE_DATAGRAMS;
                String r = parts[0].strip();
                if (!r.endsWith("/s")) {
                    throw new IllegalArgumentException("a rate is per second: write 1000/s or 64KB/s");
                }
                r = r.substring(0, r.length() - 2);
                boolean bytes = !r.isEmpty() && Character.isLetter(r.charAt(r.length() - 1));
                double perSecond = bytes ? Units.parseBytes(r)
                        : Units.decimal(r, r, "a number of datagrams such as 1000").doubleValue();
                return new Rate(perSecond, bytes, queue, scope);
            }
            default:
                throw new IllegalArgumentException("unknown fault kind " + kind);
        }
    }

    private static Scope parseQualifiers(String[] tokens, int from) {
        Direction direction = null;
        List<String> verbs = new ArrayList<>();
        for (int i = from; i < tokens.length; i++) {
            String t = tokens[i].strip();
            Direction d = Direction.fromWord(t);
            if (d != null) {
                if (direction != null && direction != d) {
                    throw new IllegalArgumentException("two directions, " + direction.word() + " and " + d.word()
                            + ": give one of up, down or both");
                }
                direction = d;
            } else if (VerbSniffer.code(t) >= 0) {
                verbs.add(t);
            } else {
                throw new IllegalArgumentException("'" + t + "' is neither a direction (up, down, both) nor a verb ("
                        + Scope.verbList() + ")");
            }
        }
        return new Scope(direction == null ? Direction.BOTH : direction, verbs);
    }

    private static int integer(String text, String what) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number of " + what + ", got '" + text + "'");
        }
    }

    private static <E extends Enum<E>> boolean isConstant(Class<E> type, String word) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(word)) {
                return true;
            }
        }
        return false;
    }

    private static void checkProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a probability must be 0% to 100%, got " + p);
        }
    }
}
