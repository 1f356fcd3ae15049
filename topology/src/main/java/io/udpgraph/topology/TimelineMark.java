package io.udpgraph.topology;

/**
 * One schedule step as it happened, for the report's time axis: when, in seconds from the start of the feed,
 * and what ({@code partition r-mid for 2s}; a step that failed says why).
 *
 * @param seconds offset from the start of the feed, as the report's timeline counts it
 * @param label   the step, as {@link Schedule.Step#label()} writes it, with its outcome
 */
public record TimelineMark(double seconds, String label) {
}
