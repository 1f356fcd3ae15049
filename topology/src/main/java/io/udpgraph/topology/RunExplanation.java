package io.udpgraph.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * What a report needs to explain a run, beside its counts: the fault plan and seeds the routers used, the
 * moments worth a line on the charts, and which sequence numbers each source lost, saw duplicated or saw
 * corrupted, so a reader can go from "12 lost" to the messages themselves.
 *
 * @param faultPlan       every router, where it sits, its faults and its seed
 * @param marks           moments of the run, in order (the schedule's steps once a file has one)
 * @param sequences       per source: the sequence numbers lost, duplicated and corrupted
 * @param corruptedUnread corrupted results whose source and sequence number could not be read back
 * @param interrupted     whether the run was stopped early (Ctrl-C), so the report covers only part of it
 */
public record RunExplanation(List<RouterPlan> faultPlan, List<TimelineMark> marks, List<SourceSequences> sequences,
                             long corruptedUnread, boolean interrupted) {
    public RunExplanation {
        faultPlan = List.copyOf(faultPlan);
        marks = List.copyOf(marks);
        sequences = List.copyOf(sequences);
    }

    /** One router as the run used it. */
    public record RouterPlan(String router, String queue, List<String> clients, String faults, long seed) {
    }

    /** One source's sequence numbers that did not arrive exactly once and unchanged. */
    public record SourceSequences(String source, SequenceNumbers lost, SequenceNumbers duplicated,
                                  SequenceNumbers corrupted) {
    }

    /** The fault plan of {@code t}'s routers, in file order. */
    static List<RouterPlan> faultPlanOf(Topology t) {
        List<RouterPlan> out = new ArrayList<>();
        for (Topology.RouterOn r : t.routers().values()) {
            out.add(new RouterPlan(r.name(), r.queue(), r.clients(), Dot.faults(r), r.seed()));
        }
        return out;
    }
}
