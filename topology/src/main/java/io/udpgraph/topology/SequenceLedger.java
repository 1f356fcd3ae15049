package io.udpgraph.topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Remembers, while a run goes, which messages came back duplicated or corrupted, and names them by their
 * source's sequence number at the end, with the ones lost. A corrupted text is read back by the stamp a
 * generator put in it ({@code s0-000042-…}); one garbled past reading is only counted. Thread-safe.
 */
final class SequenceLedger {
    private static final Pattern STAMP = Pattern.compile("[sS](\\d{1,9})-(\\d{6,18})-");

    private final List<String> sourceNames;
    private final List<Integer> sourceOf;
    private final List<Long> seqOf;
    private final Map<Integer, List<Long>> duplicated = new HashMap<>();
    private final Map<Integer, List<Long>> corrupted = new HashMap<>();
    private long corruptedUnread;

    /** Message k came from source {@code sourceOf.get(k)} (an index into {@code sourceNames}) as {@code seqOf.get(k)}. */
    SequenceLedger(List<String> sourceNames, List<Integer> sourceOf, List<Long> seqOf) {
        this.sourceNames = List.copyOf(sourceNames);
        this.sourceOf = sourceOf;
        this.seqOf = seqOf;
    }

    /** A further copy of message k's result arrived. */
    synchronized void duplicate(int k) {
        duplicated.computeIfAbsent(sourceOf.get(k), s -> new ArrayList<>()).add(seqOf.get(k));
    }

    /** A text arrived that no sent message should have produced. */
    synchronized void corrupted(String text) {
        Matcher m = STAMP.matcher(text);
        if (m.find()) {
            try {
                int source = Integer.parseInt(m.group(1));
                if (source < sourceNames.size()) {
                    corrupted.computeIfAbsent(source, s -> new ArrayList<>()).add(Long.parseLong(m.group(2)));
                    return;
                }
            } catch (NumberFormatException e) {
                // a stamp garbled into a number too long to read: counted below as unread
            }
        }
        corruptedUnread++;
    }

    /** Corrupted results whose stamp could not be read. */
    synchronized long corruptedUnread() {
        return corruptedUnread;
    }

    /** Per source with anything to show: lost (the messages {@code missing} names), duplicated and corrupted. */
    synchronized List<RunExplanation.SourceSequences> sequences(Collection<Integer> missing) {
        Map<Integer, List<Long>> lost = new HashMap<>();
        for (int k : missing) {
            lost.computeIfAbsent(sourceOf.get(k), s -> new ArrayList<>()).add(seqOf.get(k));
        }
        TreeSet<Integer> sources = new TreeSet<>(lost.keySet());
        sources.addAll(duplicated.keySet());
        sources.addAll(corrupted.keySet());
        List<RunExplanation.SourceSequences> out = new ArrayList<>();
        for (int s : sources) {
            out.add(new RunExplanation.SourceSequences(sourceNames.get(s),
                    SequenceNumbers.of(lost.getOrDefault(s, List.of())),
                    SequenceNumbers.of(duplicated.getOrDefault(s, List.of())),
                    SequenceNumbers.of(corrupted.getOrDefault(s, List.of()))));
        }
        return out;
    }
}
