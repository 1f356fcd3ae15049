package io.udpgraph.topology;

/**
 * A moment of the run worth a line on the report's charts, such as a schedule step as it happened:
 * {@code atMillis} after the feed started, and what happened then ({@code partition r-mid for 2s = fault #1};
 * a step that failed says why).
 *
 * @param atMillis milliseconds from the start of the feed
 * @param label    what happened, in a few words
 */
public record TimelineMark(long atMillis, String label) {
    public TimelineMark {
        if (atMillis < 0) {
            throw new IllegalArgumentException("a mark is at or after the start of the feed, got " + atMillis + " ms");
        }
        label = label == null ? "" : label;
    }
}
