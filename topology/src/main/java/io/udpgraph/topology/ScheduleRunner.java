package io.udpgraph.topology;

import io.udpgraph.router.FaultSpec;
import io.udpgraph.router.Scope;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Carries out a {@link Schedule} on a running graph: {@link #step} applies one step through {@link GraphControl}
 * and remembers what its undo needs (the id a fault got, the fault a change replaced); {@link #run} waits for
 * each step's time on the calling thread. Every step becomes a {@link TimelineMark}, handed on as it begins (so a
 * report cut short by Ctrl-C still has the steps taken); a step that fails is marked with its error and the
 * schedule goes on.
 */
final class ScheduleRunner implements Runnable {
    private static final Logger LOG = Logger.getLogger(ScheduleRunner.class.getName());
    /** A partition: every datagram, both ways. */
    static final FaultSpec PARTITION = new FaultSpec.Drop(1.0, Scope.ALL);

    private final Schedule schedule;
    private final GraphControl graph;
    private final long startNanos;
    private final LongSupplier clock;
    private final Consumer<TimelineMark> marks;
    private final Map<Integer, Schedule.Step> written = new HashMap<>();
    private final Map<Integer, Long> addedIds = new HashMap<>();
    private final Map<Integer, FaultSpec> replaced = new HashMap<>();
    private final Map<String, Deque<Long>> partitions = new HashMap<>();
    private volatile boolean done;

    /**
     * A runner whose offsets count from {@code startNanos} of {@code clock} ({@code System::nanoTime}), handing
     * each step's mark to {@code marks}.
     */
    ScheduleRunner(Schedule schedule, GraphControl graph, long startNanos, LongSupplier clock,
                   Consumer<TimelineMark> marks) {
        this.schedule = schedule;
        this.marks = marks;
        this.graph = graph;
        this.startNanos = startNanos;
        this.clock = clock;
        for (Schedule.Step s : schedule.steps()) {
            if (!s.undo()) {
                written.put(s.origin(), s);
            }
        }
        done = schedule.steps().isEmpty();
    }

    /** Every step in turn at its time; returns early, leaving the rest, when interrupted. */
    @Override
    public void run() {
        try {
            for (Schedule.Step s : schedule.steps()) {
                long wait = startNanos + s.at().toNanos() - clock.getAsLong();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                step(s);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done = true;
        }
    }

    /** Whether every step has run (or the runner was stopped). */
    boolean done() {
        return done;
    }

    /** Applies {@code s} now and marks it. */
    void step(Schedule.Step s) {
        // the mark says when the step began: a kill that waits for its node still happened at this moment
        long nanos = Math.max(0, clock.getAsLong() - startNanos);
        String outcome;
        try {
            outcome = apply(s);
        } catch (Exception e) {
            outcome = " failed: " + e.getMessage();
            LOG.log(Level.WARNING, "schedule: " + s.label() + outcome);
        }
        marks.accept(new TimelineMark(nanos / 1_000_000, s.label() + outcome));
        String line = String.format(java.util.Locale.ROOT, "schedule %.3fs %s%s", nanos / 1e9, s.label(), outcome);
        LOG.info(line);
        for (GraphControl.NodeState n : graph.nodes()) {
            if (n.kind().equals("router") && n.state().equals("running")) {
                try {
                    graph.note(n.name(), line);
                } catch (Exception e) {
                    LOG.log(Level.FINE, "schedule: no note in " + n.name() + "'s event log: " + e.getMessage(), e);
                }
            }
        }
    }

    /** Does the step; returns what the mark adds to its label ({@code  = fault #4}). */
    private String apply(Schedule.Step s) throws Exception {
        String t = s.target();
        Schedule.Step origin = written.get(s.origin());
        switch (s.kind()) {
            case KILL -> graph.kill(t);
            case STOP -> graph.stop(t);
            case RESTART -> graph.restart(t);
            case PAUSE -> graph.pause(t);
            case RESUME -> graph.resume(t);
            case PARTITION -> {
                long id = graph.addFault(t, PARTITION);
                addedIds.put(s.origin(), id);
                partitions.computeIfAbsent(t, k -> new ArrayDeque<>()).add(id);
                return " = fault #" + id;
            }
            case HEAL -> {
                Deque<Long> ids = partitions.getOrDefault(t, new ArrayDeque<>());
                List<Long> healed = s.undo() ? List.of(addedIds.get(s.origin())) : List.copyOf(ids);
                for (long id : healed) {
                    graph.removeFault(t, id);
                    ids.remove(id);
                }
                return " = removed " + healed.stream().map(id -> "#" + id).toList();
            }
            case FAULT -> {
                FaultSpec spec = s.undo() ? replaced.get(s.origin()) : SectionReader.faultOf(s.fault());
                long id = graph.addFault(t, spec);
                addedIds.put(s.origin(), id);
                return " = fault #" + id;
            }
            case REMOVE -> {
                long id = s.undo() ? addedIds.get(s.origin()) : s.faultId();
                replaced.put(s.origin(), graph.removeFault(t, id));
            }
            case CHANGE -> {
                FaultSpec spec = s.undo() ? replaced.get(s.origin()) : SectionReader.faultOf(s.fault());
                FaultSpec before = graph.changeFault(t, origin.faultId(), spec);
                if (!s.undo()) {
                    replaced.put(s.origin(), before);
                }
                return s.undo() ? " = back to " + spec.option().substring(2) : "";
            }
            default -> throw new IllegalStateException("no action for step kind " + s.kind());
        }
        return "";
    }
}
