package io.udpgraph.topology;

import java.util.List;
import java.util.Map;

/**
 * What an experiment found: how many results the sinks should have received and what became of them,
 * how late and how fast they came, what every node counted, and which expectations held.
 *
 * @param name          the topology's name
 * @param mode          {@code in-process}, {@code processes}, or {@code attached} (run --attach)
 * @param sent          messages the sources sent
 * @param unacknowledged source PUTs that got no reply in time (at-most-once: maybe stored, maybe not)
 * @param resent        messages an effectively-once source sent again, with their ids, because their results had
 *                      not arrived once the graph went quiet (the first queue drops the ids it already has)
 * @param expected      results the sinks should receive, by the catalog of the graph's functions
 * @param delivered     expected results that arrived (the first copy of each)
 * @param lost          expected results that never arrived
 * @param duplicated    extra copies of results that had arrived already
 * @param corrupted     texts no sent message should have produced (garbled on the way)
 * @param reordered     results that arrived after a later message of the same source had, at the same sink
 * @param latencyMs     end-to-end latency of delivered results: p50, p90, p99, max, in milliseconds
 * @param seconds       how long the run took from the first send to the last result (or the timeout)
 * @param throughput    delivered results per second over {@code seconds}
 * @param timedOut      whether the run stopped at its timeout rather than by itself
 * @param perSink       results received by each sink (all kinds)
 * @param timeline      results and latency per second of the run
 * @param nodes         every node's counters at the end
 * @param checks        each expectation and whether it held
 * @param series        results and latency in buckets as wide as the run needs (10 ms for a short run), for
 *                      the charts; empty when the run kept too many results to bucket finely
 * @param explained     the fault plan and seeds, the moments to mark on the charts, and which sequence
 *                      numbers were lost, duplicated or corrupted
 */
public record Report(String name, String mode, long sent, long unacknowledged, long resent, long expected, long delivered,
                     long lost, long duplicated, long corrupted, long reordered, Latency latencyMs, double seconds,
                     double throughput, boolean timedOut, Map<String, Long> perSink, List<Second> timeline,
                     List<NodeCounters> nodes, List<Check> checks, List<Bucket> series, RunExplanation explained) {

    /** Latency percentiles in milliseconds. */
    public record Latency(double p50, double p90, double p99, double max) {
    }

    /** One second of the run: results that arrived in it and their latency. */
    public record Second(int second, long results, double p50Ms, double p99Ms) {
    }

    /** One bucket of the run: results that arrived from {@code startSeconds} for {@code widthSeconds}. */
    public record Bucket(double startSeconds, double widthSeconds, long results, double perSecond, double p50Ms,
                         double p99Ms) {
    }

    /** The same report with its expectations' outcomes. */
    public Report withChecks(List<Check> outcomes) {
        return new Report(name, mode, sent, unacknowledged, resent, expected, delivered, lost, duplicated, corrupted,
                reordered, latencyMs, seconds, throughput, timedOut, perSink, timeline, nodes, outcomes, series,
                explained);
    }

    /** One expectation, the value measured (and as a reader compares it) and whether it held. */
    public record Check(String expectation, double measured, String shown, boolean passed) {
    }

    /** Whether every expected result arrived exactly once and unchanged (dagon's {@code match}). */
    public boolean match() {
        return lost == 0 && duplicated == 0 && corrupted == 0;
    }

    /** Whether every expectation held. */
    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    /** The measured value an expectation names. */
    public double metric(String metric) {
        return switch (metric) {
            case "result" -> match() ? 1 : 0;
            case "delivered" -> delivered;
            case "lost" -> lost;
            case "duplicated" -> duplicated;
            case "corrupted" -> corrupted;
            case "reordered" -> reordered;
            case "p50_ms" -> latencyMs.p50();
            case "p90_ms" -> latencyMs.p90();
            case "p99_ms" -> latencyMs.p99();
            case "max_ms" -> latencyMs.max();
            case "throughput" -> throughput;
            default -> throw new IllegalArgumentException("unknown metric " + metric);
        };
    }
}
