package io.udpgraph.topology;

import io.udpgraph.runtime.BindOption;
import io.udpgraph.runtime.DurationConverter;
import io.udpgraph.runtime.Logging;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of each node of a topology as its script takes it ({@code scripts/mq-server},
 * {@code scripts/router}, {@code scripts/vertex-worker}): one builder for the processes {@code run --processes}
 * starts and the containers {@code export} describes, so a node runs the same way in both.
 */
final class NodeArgs {

    /** Where the nodes of a graph are: each one's host and ports, and where a durable queue keeps its log. */
    interface Wiring {
        /** The host name or address other nodes reach the queue or router {@code node} at. */
        String host(String node);

        /** The address {@code node} (a file's node name, not a replica's) binds every socket it serves to. */
        String bind(String node);

        /** The UDP port the queue or router {@code node} listens on. */
        int port(String node);

        /** The port {@code node} serves Prometheus metrics on. */
        int metricsPort(String node);

        /** The folder the queue {@code q} keeps its log in, or null when it keeps none. */
        Path dataDir(Topology.Queue q);
    }

    private final Topology topology;
    private final Wiring wiring;
    private final Logging.LogLevel level;
    private final List<String> allow;

    /**
     * Builds the command lines of {@code topology}'s nodes; every node serves where {@code wiring} binds it and
     * answers datagrams from {@code allow} (CIDR blocks) besides loopback.
     */
    NodeArgs(Topology topology, Wiring wiring, Logging.LogLevel level, List<String> allow) {
        this.topology = topology;
        this.wiring = wiring;
        this.level = level;
        this.allow = List.copyOf(allow);
    }

    /** The arguments of {@code scripts/mq-server} for the queue {@code q}. */
    List<String> queue(Topology.Queue q) {
        List<String> args = new ArrayList<>(List.of("--port", "" + wiring.port(q.name()), "--name", q.name(),
                "--capacity", "" + q.capacity(), "--threads", "" + q.threads(), "--max-deliveries",
                "" + q.maxDeliveries(), "--dedup-window-messages", "" + q.dedupWindowMessages()));
        serving(args, q.name(), q.name(), true);
        Path dataDir = wiring.dataDir(q);
        if (dataDir != null) {
            args.add("--data-dir");
            args.add(dataDir.toString());
        }
        return args;
    }

    /** The arguments of {@code scripts/router} for {@code r}, with its control API on {@code controlPort} (0: none). */
    List<String> router(Topology.RouterOn r, int controlPort) {
        List<String> args = new ArrayList<>(List.of("--listen", wiring.bind(r.name()) + ":" + wiring.port(r.name()), "--upstream",
                wiring.host(r.queue()) + ":" + wiring.port(r.queue()), "--seed", "" + r.seed(), "--name", r.name()));
        serving(args, r.name(), r.name(), true);
        if (controlPort != 0) {
            args.add("--control-port");
            args.add("" + controlPort);
        }
        if (r.eventLog() != null) {
            args.add("--log-events");
            args.add(r.eventLog().toString());
        }
        for (var f : r.faults()) {
            args.add("--" + f.kind());
            args.add(f.value());
        }
        return args;
    }

    /**
     * The arguments of {@code scripts/vertex-worker} for replica {@code replica} (from 1) of {@code w}, named
     * {@code name}; a python function is read from {@code functionFile} (null: the path the file gave).
     */
    List<String> worker(Topology.Worker w, String name, int replica, Path functionFile) {
        List<String> args = new ArrayList<>(List.of("--name", name, "--route", w.route(), "--guarantee",
                w.guarantee(), "--batch", "" + w.batch(),
                "--lease", DurationConverter.format(w.leaseTime()),
                "--timeout", DurationConverter.format(w.requestTimeout()),
                "--long-poll", DurationConverter.format(w.longPollWait()), "--seed", "" + replica));
        serving(args, name, w.name(), false);
        for (String in : w.inputs()) {
            args.add("--input");
            args.add(reach(w.name(), in));
        }
        for (String o : w.outputs()) {
            args.add("--output");
            args.add(reach(w.name(), o));
        }
        if (w.pythonFunction() != null) {
            args.add("--python-function");
            args.add((functionFile == null ? w.pythonFunction() : functionFile).toString());
        } else {
            args.add("--function"); // last: it takes the arguments that follow
            args.add(w.function());
            args.addAll(w.args());
        }
        return args;
    }

    /** Where {@code client} sends to reach {@code queue}, as HOST:PORT: the router in between, or the queue. */
    String reach(String client, String queue) {
        String via = via(client, queue);
        return wiring.host(via) + ":" + wiring.port(via);
    }

    /** The node {@code client} sends to for {@code queue}: the router in between, or the queue itself. */
    String via(String client, String queue) {
        return topology.nodeBetween(client, queue);
    }

    /** The metrics port and log level every node takes, and where it serves when that is not loopback. */
    private void serving(List<String> args, String node, String place, boolean answersClients) {
        args.addAll(List.of("--metrics-port", "" + wiring.metricsPort(node), "--log-level", level.name()));
        String bind = wiring.bind(place);
        if (!bind.equals(BindOption.DEFAULT_BIND)) {
            args.addAll(List.of("--bind", bind));
        }
        if (answersClients) {
            for (String cidr : allow) {
                args.addAll(List.of("--allow", cidr));
            }
        }
    }
}
