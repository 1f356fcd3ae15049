package io.udpgraph.bench;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one load-generator run measured over its window: request/reply pairs answered (ops), messages moved,
 * replies that were errors or empty, requests that timed out, requests still in flight when the window
 * closed, and the latency histogram (nanoseconds). Timeouts are counted, never folded into the latencies.
 *
 * @param workload      what the clients sent
 * @param clients       concurrent clients
 * @param rate          requests per second asked for in open-loop mode; 0 for closed loop
 * @param windowNanos   length of the measured window
 * @param ops           replies received within the window
 * @param messages      messages moved within the window: each PUT stored and each message a GET returned
 * @param errors        replies that were {@code ERR} frames or did not parse
 * @param empty         GET replies that found the queue empty
 * @param timeouts      requests whose reply did not come within the timeout
 * @param inFlightAtEnd requests sent but not yet answered (nor timed out) when the window closed
 * @param latency       round-trip times in nanoseconds; open loop measures from the intended send time
 */
public record LoadResult(Workload workload, int clients, double rate, long windowNanos, long ops, long messages,
                         long errors, long empty, long timeouts, long inFlightAtEnd, Histogram latency) {

    /** Request/reply pairs per second. */
    public double opsPerSecond() {
        return ops * 1e9 / windowNanos;
    }

    /** Messages moved per second (each PUT stored and each message returned by a GET counts once). */
    public double messagesPerSecond() {
        return messages * 1e9 / windowNanos;
    }

    /** A latency percentile in microseconds, or NaN when nothing was answered. */
    public double percentileMicros(double percentile) {
        if (latency.getTotalCount() == 0) {
            return Double.NaN;
        }
        return latency.getValueAtPercentile(percentile) / 1e3;
    }

    /** One line for people: rates, percentiles and every failure count. */
    public String summary() {
        return String.format(Locale.ROOT,
                "%s, %d clients%s: %.0f ops/s, %.0f msgs/s, p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us;"
                        + " %d timeouts, %d errors, %d empty, %d in flight at the end (%.1f s window)",
                workload, clients, rate > 0 ? String.format(Locale.ROOT, ", open loop at %.0f/s", rate) : "",
                opsPerSecond(), messagesPerSecond(), percentileMicros(50), percentileMicros(99),
                percentileMicros(99.9), latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1e3,
                timeouts, errors, empty, inFlightAtEnd, windowNanos / (double) TimeUnit.SECONDS.toNanos(1));
    }
}
