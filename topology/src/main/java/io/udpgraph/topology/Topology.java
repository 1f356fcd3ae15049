package io.udpgraph.topology;

import io.udpgraph.connector.Framing;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.router.FaultSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A graph read from a topology file: queue nodes, workers, routers on edges, sources, sinks and the
 * expectations of an experiment. Build one with {@link TopologyFile#parse}; every name is unique across
 * all kinds of node, and every reference has been checked.
 *
 * @param name         what reports call the experiment
 * @param queues       queue nodes by name, in file order
 * @param workers      workers by name
 * @param routers      routers by name
 * @param sources      sources by name
 * @param sinks        sinks by name
 * @param expectations thresholds {@code topology run} checks
 * @param run          how long a run waits
 * @param connectors   connectors by name: TCP feeds into queues, queues out to TCP peers
 * @param schedule     the steps a run takes at offsets from the start of the feed
 * @param hosts        the machines the nodes are placed on ({@link Hosts#NONE}: all on this one)
 */
public record Topology(String name, Map<String, Queue> queues, Map<String, Worker> workers,
                       Map<String, RouterOn> routers, Map<String, Source> sources, Map<String, Sink> sinks,
                       List<Expectation> expectations, RunSettings run, Map<String, Connector> connectors,
                       Schedule schedule, Hosts hosts) {

    public Topology {
        connectors = new LinkedHashMap<>(connectors);
        queues = new LinkedHashMap<>(queues);
        workers = new LinkedHashMap<>(workers);
        routers = new LinkedHashMap<>(routers);
        sources = new LinkedHashMap<>(sources);
        sinks = new LinkedHashMap<>(sinks);
        expectations = List.copyOf(expectations);
    }

    /**
     * A queue node; {@code port} 0 means "any free port on its host"; {@code dataDir} (or null) is where a durable
     * node keeps its log and comes back from after a kill; {@code durable} without a folder gives it a fresh one
     * in the run's own folder.
     */
    public record Queue(String name, int port, int capacity, int threads, int maxDeliveries,
                        int dedupWindowMessages, Path dataDir, boolean durable) {

        /** Where this node keeps its log in a run whose own folder is {@code runFolder}; null in memory. */
        public Path dataDir(Path runFolder) {
            return dataDir != null ? dataDir : durable ? runFolder.resolve("data-" + name) : null;
        }
    }

    /**
     * A worker: a built-in function with arguments, or a stream-py function file ({@code pythonFunction}, null
     * otherwise), its inputs and outputs (queue names), and its settings, named as in the worker's
     * {@code WorkerConfig}.
     */
    public record Worker(String name, String function, List<String> args, List<String> inputs, List<String> outputs,
                         String route, int replicas, String guarantee, int batch, Duration leaseTime,
                         Duration requestTimeout, Duration longPollWait, Path pythonFunction) {
        public Worker {
            args = List.copyOf(args);
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }

        /** The function as the worker command writes it: {@code grep ^a}, or {@code python-function FILE}. */
        public String label() {
            if (pythonFunction != null) {
                return "python-function " + pythonFunction.getFileName();
            }
            return args.isEmpty() ? function : function + " " + String.join(" ", args);
        }
    }

    /**
     * A router in front of one queue node: the clients named in {@code clients} (or every client of the
     * queue when empty) reach the queue through it; {@code controlPort} (0: none asked for) serves its own
     * control API on loopback; {@code eventLog} (or null) is its {@code --log-events} file.
     */
    public record RouterOn(String name, String queue, List<String> clients, List<FaultSpec> faults, long seed, int port,
                           int controlPort, Path eventLog) {
        public RouterOn {
            clients = List.copyOf(clients);
            faults = List.copyOf(faults);
        }

        /** Whether traffic between {@code client} and this router's queue goes through it. */
        public boolean covers(String client) {
            return clients.isEmpty() || clients.contains(client);
        }
    }

    /** Where a source's messages come from. */
    public enum SourceKind { GENERATOR, MESSAGES, FILE, STDIN }

    /** Which text a generator writes. */
    public enum Format { TEXT, NUMBER }

    /**
     * A source that PUTs messages to one queue: generated ({@code count} of {@code size} bytes at
     * {@code rate} per second, 0 for as fast as replies come), a list repeated {@code count} times, a file
     * (one message per line) or stdin. {@code via} names the tcp-in connector the messages are written to, framed
     * as it expects, instead of PUT straight to {@code to} (the connector's queue); null for a plain source.
     */
    public record Source(String name, String to, SourceKind kind, long count, int size, double rate, Format format,
                         List<String> messages, Path file, String guarantee, String via) {
        public Source {
            messages = List.copyOf(messages);
        }

        /** A source that PUTs straight to its queue. */
        public Source(String name, String to, SourceKind kind, long count, int size, double rate, Format format,
                      List<String> messages, Path file, String guarantee) {
            this(name, to, kind, count, size, rate, format, messages, file, guarantee, null);
        }

        /** This source, fed through the tcp-in connector {@code connector} (null: straight to its queue). */
        public Source via(String connector) {
            return new Source(name, to, kind, count, size, rate, format, messages, file, guarantee, connector);
        }
    }

    /** What a connector does: {@code tcp-in} feeds a queue from TCP, {@code tcp-out} writes a queue to TCP. */
    public enum ConnectorKind { TCP_IN, TCP_OUT, UDP_IN }

    /**
     * A connector of the graph: tcp-in and udp-in listen at {@code address} and PUT to {@code queue}; tcp-out
     * leases from {@code queue} and connects to {@code address} (or listens there when {@code listen}).
     */
    public record Connector(String name, ConnectorKind kind, String queue, HostPort address, boolean listen,
                            Framing framing) {
    }

    /** A sink: takes every message from one queue node and checks it against what the sources sent. */
    public record Sink(String name, String from, String guarantee) {
    }

    /** How long {@code topology run} waits: for everything, and for a sink that has gone quiet. */
    public record RunSettings(Duration timeout, Duration quiet) {
        /** A minute in all. */
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
        /** Two seconds without a new message at any sink, once the sources are done. */
        public static final Duration DEFAULT_QUIET = Duration.ofSeconds(2);

        public static RunSettings defaults() {
            return new RunSettings(DEFAULT_TIMEOUT, DEFAULT_QUIET);
        }
    }

    /** The names of every worker's replicas as the graph runs them: {@code w} alone, or {@code w#1}, {@code w#2}, … */
    public List<String> workerNodes() {
        List<String> out = new ArrayList<>();
        for (Worker w : workers.values()) {
            for (int i = 1; i <= w.replicas(); i++) {
                out.add(replicaName(w, i));
            }
        }
        return out;
    }

    /** The node name of replica {@code i} (from 1) of {@code w}. */
    public static String replicaName(Worker w, int i) {
        return w.replicas() == 1 ? w.name() : w.name() + "#" + i;
    }

    /** An edge of the graph: a client (source, worker or sink) and the queue it PUTs to or takes from. */
    public record Edge(String from, String to) {
        @Override
        public String toString() {
            return from + " -> " + to;
        }
    }

    /** Every edge, in file order: sources to queues, queues to workers, workers to queues, queues to sinks. */
    public List<Edge> edges() {
        List<Edge> out = new ArrayList<>();
        for (Source s : sources.values()) {
            out.add(new Edge(s.name(), s.to()));
        }
        for (Worker w : workers.values()) {
            for (String in : w.inputs()) {
                out.add(new Edge(in, w.name()));
            }
            for (String o : w.outputs()) {
                out.add(new Edge(w.name(), o));
            }
        }
        for (Sink s : sinks.values()) {
            out.add(new Edge(s.from(), s.name()));
        }
        return out;
    }

    /** The router through which {@code client} reaches {@code queue}, if any. */
    public Optional<RouterOn> routerBetween(String client, String queue) {
        for (RouterOn r : routers.values()) {
            if (r.queue().equals(queue) && r.covers(client)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The node {@code client} sends to for {@code queue}: the router in between, or the queue itself. */
    public String nodeBetween(String client, String queue) {
        return routerBetween(client, queue).map(RouterOn::name).orElse(queue);
    }
}
