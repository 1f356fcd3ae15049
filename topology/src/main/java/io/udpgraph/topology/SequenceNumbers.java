package io.udpgraph.topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A set of a source's sequence numbers as a report shows it: how many, the first {@value #FIRST} in order,
 * and all of them as compact ranges ({@code 3-7, 12, 40-41}), cut after {@value #MAX_RANGES} ranges.
 *
 * @param count  how many sequence numbers
 * @param first  the lowest {@value #FIRST}, ascending
 * @param ranges every number as ranges, {@code …} at the end when cut
 */
public record SequenceNumbers(long count, List<Long> first, String ranges) {
    /** How many numbers a report lists one by one. */
    public static final int FIRST = 100;
    /** How many ranges a report writes before it cuts the list with {@code …}. */
    public static final int MAX_RANGES = 200;
    /** No numbers. */
    public static final SequenceNumbers NONE = new SequenceNumbers(0, List.of(), "");

    public SequenceNumbers {
        first = List.copyOf(first);
    }

    /** The numbers in {@code seqs}, each counted once. */
    public static SequenceNumbers of(Collection<Long> seqs) {
        TreeSet<Long> sorted = new TreeSet<>(seqs);
        List<Long> first = new ArrayList<>(Math.min(FIRST, sorted.size()));
        StringBuilder ranges = new StringBuilder();
        int written = 0;
        long start = 0;
        long end = -2;
        for (long n : sorted) {
            if (first.size() < FIRST) {
                first.add(n);
            }
            if (n == end + 1) {
                end = n;
                continue;
            }
            if (end >= start && written++ < MAX_RANGES) {
                range(ranges, start, end);
            }
            start = n;
            end = n;
        }
        if (!sorted.isEmpty() && written++ < MAX_RANGES) {
            range(ranges, start, end);
        }
        if (written > MAX_RANGES) {
            ranges.append(", …");
        }
        return new SequenceNumbers(sorted.size(), first, ranges.toString());
    }

    private static void range(StringBuilder sb, long from, long to) {
        if (!sb.isEmpty()) {
            sb.append(", ");
        }
        sb.append(from);
        if (to > from) {
            sb.append('-').append(to);
        }
    }
}
