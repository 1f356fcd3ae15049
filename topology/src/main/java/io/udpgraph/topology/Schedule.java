package io.udpgraph.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A topology file's {@code schedule:} as a plan: every step at its offset from the start of the feed, sorted in
 * time, with the undo step each {@code for:} asks for, and the mistakes of order a run would trip on (a restart
 * of a node that runs, a heal with nothing to heal). A plain value: {@link ScheduleRunner} carries it out.
 *
 * @param steps the steps in the order they run
 */
public record Schedule(List<Step> steps) {
    /** No steps. */
    public static final Schedule NONE = new Schedule(List.of());

    public Schedule {
        steps = List.copyOf(steps);
    }

    /**
     * One step. {@code origin} is the index of the step as written in the file (an undo step shares its
     * step's), {@code undo} tells an undo step from a written one.
     *
     * @param at       offset from the start of the feed
     * @param kind     what it does
     * @param target   the node (or router) it acts on
     * @param fault    for {@code fault} and {@code change}: the fault as the router's command line writes it,
     *                 kind first ({@code drop 20%,up}); else null
     * @param faultId  for {@code change} and {@code remove}: the router's fault id; else 0
     * @param lasting  the {@code for:} of a written step, or null
     * @param origin   the written step's index
     * @param undo     whether this step undoes step {@code origin} after its {@code for:}
     */
    public record Step(Duration at, StepKind kind, String target, String fault, long faultId, Duration lasting,
                       int origin, boolean undo) {

        /** A written step without {@code for:}. */
        public static Step of(Duration at, StepKind kind, String target, int origin) {
            return new Step(at, kind, target, null, 0, null, origin, false);
        }

        /** What reports and event logs call the step: {@code kill q2}, {@code heal r-mid (partition for 2s)}. */
        public String label() {
            StringBuilder sb = new StringBuilder(kind.word()).append(' ').append(target);
            if (faultId != 0 && !undo) {
                sb.append(' ').append(faultId);
            }
            if (fault != null && !undo) {
                sb.append(' ').append(fault);
            }
            if (undo) {
                sb.append(" (undoes step ").append(origin + 1).append(')');
            } else if (lasting != null) {
                sb.append(" for ").append(FieldReader.written(lasting));
            }
            return sb.toString();
        }
    }

    /** A mistake of a written step ({@code origin}), for {@code check} to place at its line and column. */
    public record Problem(int origin, String message) {
    }

    /**
     * The plan of {@code written} (in file order): each step with a {@code for:} gets its undo at at + for;
     * steps run by time, an undo before a written step of the same time, then in file order.
     */
    public static Schedule plan(List<Step> written) {
        List<Step> all = new ArrayList<>(written);
        for (Step s : written) {
            if (s.lasting() != null && s.kind().undo() != null) {
                all.add(new Step(s.at().plus(s.lasting()), s.kind().undo(), s.target(), null, 0, null, s.origin(),
                        true));
            }
        }
        all.sort(Comparator.comparing(Step::at).thenComparing(s -> !s.undo()).thenComparingInt(Step::origin));
        return new Schedule(all);
    }

    /** The offset of the last step: a run lasts at least this long. */
    public Duration end() {
        return steps.isEmpty() ? Duration.ZERO : steps.get(steps.size() - 1).at();
    }

    /**
     * The mistakes a run would trip on, found by playing the plan on paper: a {@code for:} on a step nothing
     * undoes, a node killed twice, restarted while running, paused or resumed out of turn, a router told
     * anything while it is down, a heal with no partition in force.
     */
    public List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        Map<String, State> states = new HashMap<>();
        Map<String, Integer> partitions = new HashMap<>();
        for (Step s : steps) {
            if (!s.undo() && s.lasting() != null && s.kind().undo() == null) {
                out.add(new Problem(s.origin(), "for: a " + s.kind().word() + " is not undone; drop the for:"));
            }
            State now = states.getOrDefault(s.target(), State.UP);
            String when = " at " + FieldReader.written(s.at());
            String problem = switch (s.kind()) {
                case KILL, STOP -> now == State.DOWN ? "'" + s.target() + "' is already down" + when : null;
                case RESTART -> now != State.DOWN ? "'" + s.target() + "' is running" + when
                        + ": a restart follows a kill or a stop" : null;
                case PAUSE -> now != State.UP ? "'" + s.target() + "' is not running" + when : null;
                case RESUME -> now != State.PAUSED ? "'" + s.target() + "' is not paused" + when : null;
                case HEAL -> partitions.getOrDefault(s.target(), 0) == 0 ? "router '" + s.target()
                        + "' has no partition to heal" + when : null;
                default -> now == State.DOWN ? "router '" + s.target() + "' is down" + when : null;
            };
            if (problem != null) {
                out.add(new Problem(s.origin(), problem));
                continue;
            }
            switch (s.kind()) {
                case KILL, STOP -> states.put(s.target(), State.DOWN);
                case RESTART, RESUME -> states.put(s.target(), State.UP);
                case PAUSE -> states.put(s.target(), State.PAUSED);
                case PARTITION -> partitions.merge(s.target(), 1, Integer::sum);
                case HEAL -> partitions.put(s.target(), s.undo() ? partitions.get(s.target()) - 1 : 0);
                default -> {
                    // faults change no node's state
                }
            }
        }
        return out;
    }

    private enum State { UP, DOWN, PAUSED }
}
