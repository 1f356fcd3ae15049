package io.udpgraph.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one step of a topology file's {@code schedule:} does, written as its key ({@code kill: q2}), with what
 * it names and the step that undoes it after its {@code for:}.
 */
public enum StepKind {
    /** Adds a fault to a router: {@code fault: r-in drop 20%}. */
    FAULT(Target.ROUTER),
    /** Changes a router's fault by id: {@code change: r-in 1 drop 30%}. */
    CHANGE(Target.ROUTER),
    /** Removes a router's fault by id: {@code remove: r-in 1}. */
    REMOVE(Target.ROUTER),
    /** Drops every datagram both ways through a router (a fault of drop 100 %): {@code partition: r-mid}. */
    PARTITION(Target.ROUTER),
    /** Removes the faults the router's partitions added: {@code heal: r-mid}. */
    HEAL(Target.ROUTER),
    /** Ends a node at once: SIGKILL for a process, an abrupt close in one JVM. */
    KILL(Target.NODE),
    /** Ends a node gracefully: SIGTERM for a process, close in one JVM. */
    STOP(Target.NODE),
    /** Starts a killed or stopped node again at the same address (and a queue on the same data folder). */
    RESTART(Target.NODE),
    /** Freezes a worker (SIGSTOP for a process): it holds its leases and takes nothing more. */
    PAUSE(Target.WORKER),
    /** Lets a paused worker go on (SIGCONT for a process). */
    RESUME(Target.WORKER);

    /** What a step names. */
    public enum Target {
        /** A router of the file. */
        ROUTER,
        /** Any queue node, router or worker (a replica as {@code name#2}). */
        NODE,
        /** A worker (a replica as {@code name#2}). */
        WORKER
    }

    private final Target target;

    StepKind(Target target) {
        this.target = target;
    }

    /** The key a step is written with: {@code partition}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the step names. */
    public Target target() {
        return target;
    }

    /** The kind of the step that undoes this one after its {@code for:}; null when it cannot be undone. */
    public StepKind undo() {
        return switch (this) {
            case FAULT -> REMOVE;
            case CHANGE -> CHANGE;
            case REMOVE -> FAULT;
            case PARTITION -> HEAL;
            case KILL, STOP -> RESTART;
            case PAUSE -> RESUME;
            case HEAL, RESTART, RESUME -> null;
        };
    }

    /** Every kind's word, in declaration order. */
    public static List<String> words() {
        List<String> out = new ArrayList<>();
        for (StepKind k : values()) {
            out.add(k.word());
        }
        return out;
    }

    /** The kind written as {@code word}, or null. */
    public static StepKind fromWord(String word) {
        for (StepKind k : values()) {
            if (k.word().equals(word)) {
                return k;
            }
        }
        return null;
    }
}
