package io.udpgraph.topology;

import io.udpgraph.runtime.DurationConverter;
import io.udpgraph.runtime.Logging;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command-line arguments that start each kind of node through its script, as {@link ProcessGraph} passes
 * them: every socket a node serves is bound to {@code bind}, its host's address. Stateless.
 */
final class NodeCommands {
    private NodeCommands() {
    }

    /** {@code scripts/mq-server} arguments for queue {@code q} at {@code bind:port}. */
    static List<String> queue(Topology.Queue q, String bind, List<String> allowed, int port, int metrics, Path dataDir,
                              Logging.LogLevel level) {
        List<String> args = new ArrayList<>(List.of("--bind", bind, "--port", "" + port, "--name", q.name(),
                "--capacity", "" + q.capacity(), "--threads", "" + q.threads(), "--max-deliveries",
                "" + q.maxDeliveries(), "--dedup-window-messages", "" + q.dedupWindowMessages(),
                "--metrics-port", "" + metrics, "--log-level", level.name()));
        if (dataDir != null) {
            args.add("--data-dir");
            args.add(dataDir.toString());
        }
        allow(args, allowed);
        return args;
    }

    /** {@code scripts/router} arguments for router {@code r} at {@code bind:port} in front of {@code upstream}. */
    static List<String> router(Topology.RouterOn r, String bind, List<String> allowed, int port, String upstream,
                               int metrics, int control, Logging.LogLevel level) {
        List<String> args = new ArrayList<>(List.of("--bind", bind, "--listen", bind + ":" + port, "--upstream",
                upstream, "--seed", "" + r.seed(), "--name", r.name(), "--metrics-port", "" + metrics,
                "--control-port", "" + control, "--log-level", level.name()));
        if (r.eventLog() != null) {
            args.add("--log-events");
            args.add(r.eventLog().toString());
        }
        for (var f : r.faults()) {
            args.add("--" + f.kind());
            args.add(f.value());
        }
        allow(args, allowed);
        return args;
    }

    /** A node bound beyond loopback answers only the blocks it is told to allow (its protected mode). */
    private static void allow(List<String> args, List<String> allowed) {
        for (String cidr : allowed) {
            args.add("--allow");
            args.add(cidr);
        }
    }

    /**
     * {@code scripts/vertex-worker} arguments for replica {@code replica} (from 1) of {@code w}, taking from
     * {@code inputs} and putting to {@code outputs} (HOST:PORT each, in the worker's order).
     */
    static List<String> worker(Topology.Worker w, int replica, String bind, List<String> inputs,
                               List<String> outputs, int metrics, Logging.LogLevel level) {
        List<String> args = new ArrayList<>(List.of("--bind", bind, "--name", Topology.replicaName(w, replica),
                "--route", w.route(), "--guarantee", w.guarantee(), "--batch", "" + w.batch(),
                "--lease", DurationConverter.format(w.leaseTime()),
                "--timeout", DurationConverter.format(w.requestTimeout()),
                "--long-poll", DurationConverter.format(w.longPollWait()), "--seed", "" + replica,
                "--metrics-port", "" + metrics, "--log-level", level.name()));
        for (String in : inputs) {
            args.add("--input");
            args.add(in);
        }
        for (String o : outputs) {
            args.add("--output");
            args.add(o);
        }
        if (w.pythonFunction() != null) {
            args.add("--python-function");
            args.add(w.pythonFunction().toString());
        } else {
            args.add("--function"); // last: it takes the arguments that follow
            args.add(w.function());
            args.addAll(w.args());
        }
        return args;
    }
}
