package io.udpgraph.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every delivered result's arrival time and latency, kept as two primitive arrays, turned at the end into
 * buckets as wide as the run needs: 10 ms for a run under a second, so a short run still draws a line,
 * and wider, in round steps, for longer runs. Keeps at most {@link #MAX_SAMPLES}; past that the report falls
 * back to whole seconds. Not thread-safe: the experiment adds under its own lock.
 */
final class ArrivalSeries {
    /** Results kept one by one at most (12 bytes each). */
    static final int MAX_SAMPLES = 4_000_000;
    /** Bucket widths to choose from, in milliseconds: round numbers, so ticks fall on bucket edges. */
    private static final long[] WIDTHS_MS = {10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000};
    /** About how many buckets a chart gets at most. */
    private static final int TARGET_BUCKETS = 100;

    private int[] atMillis = new int[1024];
    private long[] latencyMicros = new long[1024];
    private int size;
    private boolean full;

    /** A result arrived {@code sinceStartNanos} after the feed started, {@code micros} after it was sent. */
    void add(long sinceStartNanos, long micros) {
        if (size == MAX_SAMPLES) {
            full = true;
            return;
        }
        if (size == atMillis.length) {
            atMillis = Arrays.copyOf(atMillis, size * 2);
            latencyMicros = Arrays.copyOf(latencyMicros, size * 2);
        }
        atMillis[size] = (int) Math.min(Integer.MAX_VALUE, sinceStartNanos / 1_000_000);
        latencyMicros[size] = micros;
        size++;
    }

    /** The bucket width for a run of {@code seconds}: the smallest round width giving at most about 100 buckets. */
    static long widthMillis(double seconds) {
        for (long w : WIDTHS_MS) {
            if (seconds * 1000 / w <= TARGET_BUCKETS) {
                return w;
            }
        }
        return WIDTHS_MS[WIDTHS_MS.length - 1];
    }

    /** The buckets of a run of {@code seconds}, empty buckets included; empty when too many results were kept. */
    List<Report.Bucket> buckets(double seconds) {
        if (full) {
            return List.of();
        }
        long width = widthMillis(seconds);
        int n = (int) Math.max(1, Math.ceil(seconds * 1000 / width));
        for (int i = 0; i < size; i++) {
            n = (int) Math.max(n, atMillis[i] / width + 1);
        }
        int[] counts = new int[n];
        for (int i = 0; i < size; i++) {
            counts[(int) (atMillis[i] / width)]++;
        }
        long[][] lat = new long[n][];
        for (int b = 0; b < n; b++) {
            lat[b] = new long[counts[b]];
        }
        int[] fill = new int[n];
        for (int i = 0; i < size; i++) {
            int b = (int) (atMillis[i] / width);
            lat[b][fill[b]++] = latencyMicros[i];
        }
        List<Report.Bucket> out = new ArrayList<>(n);
        double w = width / 1000.0;
        for (int b = 0; b < n; b++) {
            long[] l = lat[b];
            Arrays.sort(l);
            out.add(new Report.Bucket(b * w, w, l.length, l.length / w, l.length == 0 ? 0 : ms(at(l, 0.50)),
                    l.length == 0 ? 0 : ms(at(l, 0.99))));
        }
        return out;
    }

    private static long at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
