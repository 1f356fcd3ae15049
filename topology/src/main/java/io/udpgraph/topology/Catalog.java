package io.udpgraph.topology;

import io.udpgraph.worker.BuiltinFunctions;
import io.udpgraph.worker.Emitter;
import io.udpgraph.worker.FunctionSpec;
import io.udpgraph.worker.StreamPyFalsy;
import io.udpgraph.worker.StreamPyHost;
import io.udpgraph.worker.VertexFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sinks should receive: every source message pushed through the graph's own functions, here in
 * one thread. A received text is matched against it, so a result counts as delivered only if it is exactly
 * what the function chain makes of a message that was sent. When several workers compete for one queue, or
 * a worker routes a result to one of several outputs, the first is taken as representative: verification
 * assumes they compute the same function (docs/TOPOLOGY.md).
 */
final class Catalog {
    private static final int MAX_HOPS = 64;

    private final Topology topology;
    private final Map<String, VertexFunction> functions = new HashMap<>();
    /** Expected text to the messages (indexes) it is expected from, each once per expected copy. */
    private final Map<String, ArrayDeque<Integer>> pending = new HashMap<>();
    private final Map<String, Integer> everExpected = new HashMap<>();
    private long expected;

    private Catalog(Topology topology) {
        this.topology = topology;
        for (Topology.Worker w : topology.workers().values()) {
            functions.put(w.name(), functionFor(w));
        }
    }

    /** The catalog of {@code messages}: message k was sent to queue {@code targets.get(k)}. */
    static Catalog of(Topology topology, List<String> messages, List<String> targets) {
        Catalog c = new Catalog(topology);
        try {
            for (int k = 0; k < messages.size(); k++) {
                c.expand(targets.get(k), messages.get(k), k, 0);
            }
        } finally {
            c.closeFunctions();
        }
        return c;
    }

    /** Stops the Python processes of stream-py functions, which the catalog needs no more once built. */
    private void closeFunctions() {
        for (VertexFunction fn : functions.values()) {
            if (fn instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // a host that will not stop is killed by its own close; nothing is left to do here
                }
            }
        }
    }

    /** How many results the sinks should receive in all. */
    long expected() {
        return expected;
    }

    /**
     * Takes one received text off the catalog: the index of the message it is expected from, or
     * {@code -1 - k} when it was expected from message k but every expected copy has arrived already
     * (a duplicate), or {@link Integer#MIN_VALUE} when nothing sent should ever produce it (corrupted).
     */
    synchronized int take(String text) {
        ArrayDeque<Integer> q = pending.get(text);
        if (q != null && !q.isEmpty()) {
            return q.poll();
        }
        Integer k = everExpected.get(text);
        return k == null ? Integer.MIN_VALUE : -1 - k;
    }

    /** Results still expected (not received yet). */
    synchronized long outstanding() {
        long n = 0;
        for (ArrayDeque<Integer> q : pending.values()) {
            n += q.size();
        }
        return n;
    }

    /** The index of each message that still waits for at least one result. */
    synchronized List<Integer> missing() {
        List<Integer> out = new ArrayList<>();
        for (ArrayDeque<Integer> q : pending.values()) {
            out.addAll(q);
        }
        return out;
    }

    private void expand(String queue, String text, int message, int hops) {
        for (Topology.Sink s : topology.sinks().values()) {
            if (s.from().equals(queue)) {
                pending.computeIfAbsent(text, t -> new ArrayDeque<>()).add(message);
                everExpected.putIfAbsent(text, message);
                expected++;
                return;
            }
        }
        if (hops > MAX_HOPS) {
            return;
        }
        for (Topology.Worker w : topology.workers().values()) {
            if (w.inputs().contains(queue)) {
                List<String> results = apply(functions.get(w.name()), text);
                for (String r : results) {
                    if (w.route().equals("broadcast")) {
                        for (String o : w.outputs()) {
                            expand(o, r, message, hops + 1);
                        }
                    } else {
                        expand(w.outputs().get(0), r, message, hops + 1);
                    }
                }
                return;
            }
        }
    }

    private static List<String> apply(VertexFunction fn, String input) {
        List<String> out = new ArrayList<>();
        try {
            fn.apply(input, new Emitter() {
                @Override
                public void emit(String result) {
                    out.add(result);
                }

                @Override
                public void emit(String key, String result) {
                    out.add(result);
                }
            });
        } catch (Exception e) {
            return List.of(); // the worker counts a function error and publishes nothing
        }
        return out;
    }

    /** The worker's function, minus any pause: the catalog needs its results, not its timing. */
    private static VertexFunction functionFor(Topology.Worker w) {
        if (w.pythonFunction() != null) {
            try {
                return StreamPyHost.start(new FunctionSpec.PythonFile(w.pythonFunction(), StreamPyFalsy.PUBLISH), () -> { });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start worker '" + w.name() + "''s python_function to "
                        + "compute the expected results: " + e.getMessage(), e);
            }
        }
        String name = w.function();
        List<String> args = w.args();
        if (name.equals("sleep")) {
            name = "passthrough";
            args = List.of();
        } else if (name.equals("pong")) {
            args = List.of();
        }
        String n = name;
        VertexFunction fn = BuiltinFunctions.create(n)
                .orElseThrow(() -> new IllegalArgumentException("unknown function '" + n + "'"));
        return fn.configure(args);
    }
}
