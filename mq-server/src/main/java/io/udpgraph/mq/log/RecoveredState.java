package io.udpgraph.mq.log;

import java.util.List;

/**
 * What {@link SegmentedLog#open} replayed: load {@code messages} into the queue and hand out sequence
 * numbers from {@code nextSeq} on.
 *
 * @param messages       the live messages in ascending {@code seq} order
 * @param ids            producer ids of live messages and of messages that left within {@link LogConfig#idRetention()},
 *                       in ascending {@code seq} order
 * @param nextSeq        greater than every sequence number the log has ever seen (0 for a new log)
 * @param truncatedBytes bytes dropped because they did not form whole, intact records (a torn tail after a
 *                       crash; anything else is logged as a warning)
 * @param segments       how many segment files the log holds after open
 * @param damagedBytes   bytes skipped because they failed their checksum in the middle of a segment, or in a
 *                       segment's header (each such segment is copied to {@code quarantine/} first)
 * @param damage         one line per damaged segment or repaired gap, saying what was skipped and where; empty
 *                       when the log was intact
 */
public record RecoveredState(List<RecoveredMessage> messages, List<RecoveredId> ids, long nextSeq, long truncatedBytes,
                             int segments, long damagedBytes, List<String> damage) {
    public RecoveredState {
        messages = List.copyOf(messages);
        ids = List.copyOf(ids);
        damage = List.copyOf(damage);
    }

    /** A state without damage. */
    public RecoveredState(List<RecoveredMessage> messages, List<RecoveredId> ids, long nextSeq, long truncatedBytes,
                          int segments) {
        this(messages, ids, nextSeq, truncatedBytes, segments, 0, List.of());
    }
}
