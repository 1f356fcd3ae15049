package io.udpgraph.topology;

import io.udpgraph.runtime.Suggestions;
import java.util.Locale;

/**
 * One threshold of an experiment's {@code expect:} block, e.g. {@code lost: 0}, {@code duplicated: "<= 1%"},
 * {@code p99_ms: "< 50"} or {@code result: match}.
 *
 * @param metric    what is measured ({@link #METRICS})
 * @param op        the comparison: {@code <}, {@code <=}, {@code =}, {@code >=}, {@code >}
 * @param threshold the number compared with (a fraction of the expected results when {@code percent})
 * @param percent   whether the threshold was written as a percentage of the expected results
 * @param written   the expectation as the file wrote it, for reports
 */
public record Expectation(String metric, String op, double threshold, boolean percent, String written) {

    /** The metrics an expectation may name. */
    public static final java.util.List<String> METRICS = java.util.List.of("result", "delivered", "lost", "duplicated",
            "corrupted", "reordered", "p50_ms", "p90_ms", "p99_ms", "max_ms", "throughput");

    /**
     * Reads {@code metric: value}; {@code value} is a number (meaning "equal"), or an operator and a number,
     * optionally a percentage; {@code result} takes {@code match} or {@code nomatch}.
     */
    public static Expectation parse(String metric, String value) {
        String m = metric.strip().toLowerCase(Locale.ROOT);
        if (!METRICS.contains(m)) {
            throw new IllegalArgumentException("unknown metric '" + metric + "' in expect"
                    + Suggestions.didYouMean(m, METRICS) + ": use one of " + String.join(", ", METRICS));
        }
        String v = value == null ? "" : value.strip();
        if (m.equals("result")) {
            if (v.equals("match") || v.equals("nomatch")) {
                return new Expectation(m, "=", v.equals("match") ? 1 : 0, false, m + ": " + v);
            }
            throw new IllegalArgumentException("result: expects match (every message arrived exactly once, unchanged)"
                    + " or nomatch, got '" + v + "'");
        }
        String op = "=";
        for (String candidate : new String[] {"<=", ">=", "==", "<", ">", "="}) {
            if (v.startsWith(candidate)) {
                op = candidate.equals("==") ? "=" : candidate;
                v = v.substring(candidate.length()).strip();
                break;
            }
        }
        boolean percent = v.endsWith("%");
        if (percent) {
            v = v.substring(0, v.length() - 1).strip();
            if (m.endsWith("_ms") || m.equals("throughput")) {
                throw new IllegalArgumentException(m + " takes a number, not a percentage: e.g. " + m + ": \"< 50\"");
            }
        }
        double threshold;
        try {
            threshold = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number with an optional operator and %, e.g. "
                    + m + ": \"<= 1%\" or " + m + ": 0, got '" + value + "'");
        }
        return new Expectation(m, op, percent ? threshold / 100.0 : threshold, percent, m + ": " + value.strip());
    }

    /** The measured value as a reader compares it with this expectation: {@code match}, {@code 239 (47.80 %)}, {@code 12.5 ms}. */
    public String show(double measured, long expected) {
        if (metric.equals("result")) {
            return measured == 1 ? "match" : "nomatch";
        }
        String n = measured == Math.rint(measured) && Math.abs(measured) < 1e15
                ? Long.toString((long) measured) : String.format(Locale.ROOT, "%.2f", measured);
        if (percent) {
            return String.format(Locale.ROOT, "%s (%.2f %%)", n, expected == 0 ? 0.0 : 100.0 * measured / expected);
        }
        if (metric.endsWith("_ms")) {
            return String.format(Locale.ROOT, "%.2f ms", measured);
        }
        return metric.equals("throughput") ? n + " results/s" : n;
    }

    /** Whether a measured value passes; {@code expected} is the count percentages are taken of. */
    public boolean holds(double measured, long expected) {
        double t = percent ? threshold * expected : threshold;
        return switch (op) {
            case "<" -> measured < t;
            case "<=" -> measured <= t;
            case ">" -> measured > t;
            case ">=" -> measured >= t;
            default -> measured == t;
        };
    }
}
