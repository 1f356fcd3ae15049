package io.udpgraph.topology;

import io.udpgraph.runtime.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a topology file's {@code schedule:}, a list of steps such as {@code {at: 2s, partition: r-mid, for: 2s}},
 * into a {@link Schedule}, recording every mistake at its line and column: an unknown key or node (with the
 * nearest name), a bad fault, a missing {@code at:}, and the mistakes of order {@link Schedule#problems} finds.
 */
final class ScheduleReader {
    /** The latest a step may be: a run's longest wait. */
    static final Duration MAX_AT = SectionReader.MAX_RUN_WAIT;

    private final FieldReader f;
    private final Topology t;

    ScheduleReader(FieldReader f, Topology t) {
        this.f = f;
        this.t = t;
    }

    /** The schedule under {@code top}'s {@code schedule:} key; {@link Schedule#NONE} without one. */
    Schedule read(Located.Mapping top) {
        Optional<Located.Entry> e = FieldReader.entry(top, "schedule");
        if (e.isEmpty() || FieldReader.isNull(e.get().value())) {
            return Schedule.NONE;
        }
        if (!(e.get().value() instanceof Located.Sequence items)) {
            f.problem(e.get().value().at(), "schedule: is a list of steps such as {at: 2s, partition: r-mid, for: 2s}, "
                    + "got " + e.get().value().kind());
            return Schedule.NONE;
        }
        List<Schedule.Step> written = new ArrayList<>();
        List<Located.Position> places = new ArrayList<>();
        for (Located item : items.items()) {
            Schedule.Step s = step(item, written.size());
            if (s != null) {
                written.add(s);
                places.add(item.at());
            }
        }
        Schedule plan = Schedule.plan(written);
        for (Schedule.Problem p : plan.problems()) {
            f.problem(places.get(p.origin()), "schedule: " + p.message());
        }
        return plan;
    }

    private Schedule.Step step(Located item, int origin) {
        if (!(item instanceof Located.Mapping m)) {
            f.problem(item.at(), "a schedule step is a mapping such as {at: 3s, kill: q2}, got " + item.kind());
            return null;
        }
        Set<String> keys = new HashSet<>(StepKind.words());
        keys.add("at");
        keys.add("for");
        f.checkKeys(m, keys, "a schedule step");
        List<Located.Entry> actions = m.entries().values().stream()
                .filter(en -> StepKind.fromWord(en.key()) != null).toList();
        if (actions.isEmpty() && !keys.containsAll(m.entries().keySet())) {
            return null; // the unknown key was reported with the nearest action
        }
        if (actions.size() != 1) {
            f.problem(m.at(), "a schedule step does one thing, one of " + String.join(", ", StepKind.words())
                    + "; this one has " + actions.size());
            return null;
        }
        if (FieldReader.entry(m, "at").isEmpty()) {
            f.problem(m.at(), "a schedule step needs at: (its offset from the start of the feed, e.g. at: 2s)");
            return null;
        }
        Duration at = f.duration(m, "at", Duration.ZERO, Duration.ZERO, MAX_AT);
        Duration lasting = FieldReader.entry(m, "for").isEmpty() ? null
                : f.duration(m, "for", Duration.ofSeconds(1), Duration.ofMillis(1), MAX_AT);
        Located.Entry action = actions.get(0);
        StepKind kind = StepKind.fromWord(action.key());
        String text = FieldReader.text(action.value());
        if (text == null || text.isBlank()) {
            f.problem(action.value().at(), action.key() + ": names " + what(kind) + ", e.g. " + example(kind));
            return null;
        }
        String[] words = text.strip().split("\\s+", kind == StepKind.CHANGE ? 3 : 2);
        String target = words[0];
        if (!known(kind, target, action.value().at())) {
            return null;
        }
        try {
            return switch (kind) {
                case FAULT -> new Schedule.Step(at, kind, target, fault(words, 1, kind), 0, lasting, origin, false);
                case CHANGE -> new Schedule.Step(at, kind, target, fault(words, 2, kind), id(words, kind), lasting,
                        origin, false);
                case REMOVE -> new Schedule.Step(at, kind, target, null, id(words, kind), lasting, origin, false);
                default -> {
                    if (words.length > 1) {
                        throw new IllegalArgumentException("names one node, e.g. " + example(kind));
                    }
                    yield new Schedule.Step(at, kind, target, null, 0, lasting, origin, false);
                }
            };
        } catch (IllegalArgumentException ex) {
            f.problem(action.value().at(), action.key() + ": " + ex.getMessage());
            return null;
        }
    }

    /** The fault in {@code words[from]} and on, as the router writes it, checked by the router's parser. */
    private static String fault(String[] words, int from, StepKind kind) {
        if (words.length <= from) {
            throw new IllegalArgumentException("needs a fault after the router, e.g. " + example(kind));
        }
        String written = String.join(" ", List.of(words).subList(from, words.length));
        return SectionReader.faultOf(written).option().substring(2);
    }

    private static long id(String[] words, StepKind kind) {
        String written = words.length > 1 ? words[1] : "";
        try {
            long id = Long.parseLong(written);
            if (id >= 1) {
                return id;
            }
        } catch (NumberFormatException e) {
            // told below, with the form
        }
        throw new IllegalArgumentException("needs the router's fault id (1 for its first fault), e.g. " + example(kind)
                + ", got '" + written + "'");
    }

    private boolean known(StepKind kind, String name, Located.Position at) {
        List<String> names = switch (kind.target()) {
            case ROUTER -> new ArrayList<>(t.routers().keySet());
            case WORKER -> t.workerNodes();
            case NODE -> {
                List<String> all = new ArrayList<>(t.queues().keySet());
                all.addAll(t.routers().keySet());
                all.addAll(t.workerNodes());
                yield all;
            }
        };
        if (names.contains(name)) {
            return true;
        }
        f.problem(at, kind.word() + ": unknown " + what(kind) + " '" + name + "'" + Suggestions.didYouMean(name, names)
                + (names.isEmpty() ? ": the file has none" : ": the file has " + String.join(", ", names)));
        return false;
    }

    private static String what(StepKind kind) {
        return switch (kind.target()) {
            case ROUTER -> "a router";
            case WORKER -> "a worker (a replica as name#2)";
            case NODE -> "a node (queue, router or worker; a replica as name#2)";
        };
    }

    private static String example(StepKind kind) {
        return switch (kind) {
            case FAULT -> "fault: r-in drop 20%";
            case CHANGE -> "change: r-in 1 drop 30%";
            case REMOVE -> "remove: r-in 1";
            case PARTITION, HEAL -> kind.word() + ": r-in";
            case PAUSE, RESUME -> kind.word() + ": upper#2";
            default -> kind.word() + ": q2";
        };
    }
}
