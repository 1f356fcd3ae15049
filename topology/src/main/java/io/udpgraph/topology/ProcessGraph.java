package io.udpgraph.topology;

import io.udpgraph.router.FaultSpec;
import io.udpgraph.runtime.Logging;
import io.udpgraph.runtime.Suggestions;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs every node of a topology as its own process, started through the real scripts
 * ({@code scripts/mq-server}, {@code scripts/router}, {@code scripts/vertex-worker}, {@code scripts/connector})
 * at its host's address ({@link Placement}: loopback without hosts:, or a network namespace under --netns), with
 * free ports chosen up front and a Prometheus endpoint each; every child is stopped (SIGTERM, then SIGKILL)
 * when the graph closes or this JVM exits. Each node's output goes to a log file in a fresh folder.
 */
public final class ProcessGraph implements RunningGraph {
    /** How long a node may take to answer on its metrics port: the first start may build its jar. */
    static final long READY_TIMEOUT_MS = 180_000;

    private final Topology topology;
    private final Path scripts;
    private final Placement at;
    private final Path logs;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, String> states = new LinkedHashMap<>();
    private final Map<String, RouterControlClient> controls = new LinkedHashMap<>();
    private final Set<Integer> taken = new HashSet<>();
    /** The UDP port of each queue and router, and every node's metrics port, chosen before it starts. */
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Integer> metricsPorts = new LinkedHashMap<>();
    private final Thread reaper = new Thread(this::stopAll, "topology-reaper");

    /** A node's process, bound to (and reached at) {@code address}. */
    private record Node(String name, String kind, String address, int port, int metricsPort, Process process, Path log,
                        List<String> command) {
        /** Where clients reach it, or "" for a node that serves no port. */
        String hostPort() {
            return port == 0 ? "" : address + ":" + port;
        }
    }

    private ProcessGraph(Topology topology, Path scripts, Placement at, Path logs) {
        this.topology = topology;
        this.scripts = scripts;
        this.at = at;
        this.logs = logs;
    }

    /** Starts every node on this machine, each at its host's address (loopback without a hosts: section). */
    public static ProcessGraph start(Topology topology, Path scripts, Logging.LogLevel level) throws IOException {
        return start(topology, scripts, Placement.onThisMachine(topology.hosts()), level);
    }

    /**
     * Starts queues, then routers, then workers, then connectors, each where {@code at} places it and waited for
     * until its metrics port answers.
     */
    static ProcessGraph start(Topology topology, Path scripts, Placement at, Logging.LogLevel level)
            throws IOException {
        List<String> needed = new ArrayList<>(List.of("mq-server", "router", "vertex-worker"));
        if (!topology.connectors().isEmpty()) {
            needed.add("connector");
        }
        for (String s : needed) {
            if (!Files.isExecutable(scripts.resolve(s))) {
                throw new IOException("no executable " + scripts.resolve(s) + ": run from the project folder or give --scripts DIR");
            }
        }
        ProcessGraph g = new ProcessGraph(topology, scripts, at, Files.createTempDirectory("udpgraph-topology-"));
        Runtime.getRuntime().addShutdownHook(g.reaper);
        try {
            for (Topology.Queue q : topology.queues().values()) {
                g.taken.add(q.port());
            }
            for (Topology.RouterOn r : topology.routers().values()) {
                g.taken.add(r.port());
            }
            NodeArgs args = new NodeArgs(topology, g.wiring(), level, at.allowed());
            List<Node> phase = new ArrayList<>();
            for (Topology.Queue q : topology.queues().values()) {
                int port = q.port() != 0 ? q.port() : g.freeUdpPort();
                g.ports.put(q.name(), port);
                int metrics = g.metricsPortOf(q.name());
                phase.add(g.launch(q.name(), q.name(), "queue", port, metrics, "mq-server", args.queue(q)));
            }
            g.awaitReady(phase);
            phase.clear();
            for (Topology.RouterOn r : topology.routers().values()) {
                int port = r.port() != 0 ? r.port() : g.freeUdpPort();
                g.ports.put(r.name(), port);
                int metrics = g.metricsPortOf(r.name());
                int control = r.controlPort() != 0 ? r.controlPort() : g.freeTcpPort();
                g.controls.put(r.name(), new RouterControlClient(r.name(), g.at.address(r.name()), control));
                phase.add(g.launch(r.name(), r.name(), "router", port, metrics, "router", args.router(r, control)));
            }
            g.awaitReady(phase);
            phase.clear();
            for (Topology.Worker w : topology.workers().values()) {
                for (int i = 1; i <= w.replicas(); i++) {
                    String name = Topology.replicaName(w, i);
                    int metrics = g.metricsPortOf(name);
                    phase.add(g.launch(name, w.name(), "worker", 0, metrics, "vertex-worker",
                            args.worker(w, name, i, null)));
                }
            }
            g.awaitReady(phase);
            phase.clear();
            for (Topology.Connector c : topology.connectors().values()) {
                phase.add(g.launchConnector(c, level));
            }
            g.awaitReady(phase);
        } catch (IOException | RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
    }

    /**
     * Starts one connector through {@code scripts/connector}, after the queues and workers as in one JVM; a port 0
     * it listens on is chosen here, so {@link #connectorAddress} knows it up front.
     */
    private Node launchConnector(Topology.Connector c, Logging.LogLevel level) throws IOException {
        boolean out = c.kind() == Topology.ConnectorKind.TCP_OUT;
        boolean udp = c.kind() == Topology.ConnectorKind.UDP_IN;
        int port = c.address().port();
        if (c.listen() && port == 0) {
            port = udp ? freeUdpPort() : freeTcpPort();
        }
        String where = c.address().host() + ":" + port;
        int metrics = freeTcpPort();
        String command = c.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        List<String> args = new ArrayList<>(List.of(command, out ? "--from" : "--to", hostPort(c.name(), c.queue()),
                out && !c.listen() ? "--connect" : "--listen", where, "--name", c.name(), "--metrics-port", "" + metrics, "--log-level", level.name()));
        if (!udp) {
            args.addAll(List.of("--framing", c.framing().word()));
        }
        args.addAll(List.of("--bind", at.address(c.name())));
        return launch(c.name(), c.name(), command, c.listen() ? port : 0, metrics, "connector", args);
    }

    /** A free metrics port for {@code node}, kept for it. */
    private int metricsPortOf(String node) throws IOException {
        int port = freeTcpPort();
        metricsPorts.put(node, port);
        return port;
    }

    /** Every node at its host's address and the ports chosen for it, a durable queue's log in the run's folder. */
    private NodeArgs.Wiring wiring() {
        return new NodeArgs.Wiring() {
            @Override
            public String host(String node) {
                return at.address(node);
            }

            @Override
            public String bind(String node) {
                return at.address(node);
            }

            @Override
            public int port(String node) {
                return ports.get(node);
            }

            @Override
            public int metricsPort(String node) {
                return metricsPorts.get(node);
            }

            @Override
            public Path dataDir(Topology.Queue q) {
                return q.dataDir(logs);
            }
        };
    }

    private String hostPort(String client, String queue) {
        InetSocketAddress a = addressFor(client, queue);
        return a.getHostString() + ":" + a.getPort();
    }

    /** Starts {@code script} with {@code args} for node {@code name}, on the host of the file's node {@code place}. */
    private Node launch(String name, String place, String kind, int port, int metricsPort, String script,
                        List<String> args) throws IOException {
        List<String> command = new ArrayList<>(at.launcher(place));
        command.add(scripts.resolve(script).toString());
        command.addAll(args);
        return launch(new Node(name, kind, at.address(place), port, metricsPort, null,
                logs.resolve(name.replace('#', '-') + ".log"), command));
    }

    /** Starts {@code n}'s command (again), its output appended to its log. */
    private synchronized Node launch(Node n) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ChildProcesses.inOwnSession(n.command())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(n.log().toFile()));
        Node started = new Node(n.name(), n.kind(), n.address(), n.port(), n.metricsPort(), pb.start(), n.log(),
                n.command());
        nodes.put(n.name(), started);
        states.put(n.name(), "running");
        return started;
    }

    private void awaitReady(List<Node> phase) throws IOException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        for (Node n : phase) {
            while (ChildProcesses.scrape(n.address(), n.metricsPort()) == null) {
                if (!n.process().isAlive()) {
                    throw new IOException(n.kind() + " " + n.name() + " exited with " + n.process().exitValue()
                            + ": " + ChildProcesses.lastLines(n.log()));
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException(n.kind() + " " + n.name() + " did not start within "
                            + READY_TIMEOUT_MS / 1000 + " s; its log: " + n.log());
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while starting " + n.name(), e);
                }
            }
        }
    }

    private int freeUdpPort() throws IOException {
        while (true) {
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                if (taken.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    private int freeTcpPort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (taken.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    @Override
    public synchronized InetSocketAddress addressFor(String client, String queue) {
        String via = topology.nodeBetween(client, queue);
        Node n = nodes.get(via);
        return new InetSocketAddress(n.address(), n.port());
    }

    @Override
    public InetSocketAddress connectorAddress(String name) {
        return new InetSocketAddress(topology.connectors().get(name).address().host(), nodes.get(name).port());
    }

    @Override
    public synchronized List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Node n : nodes.values()) {
            out.add(String.format("%-7s %-16s %s pid %d, metrics http://%s:%d/metrics, log %s", n.kind(), n.name(),
                    n.hostPort(), n.process().pid(), n.address(), n.metricsPort(), n.log()));
        }
        return out;
    }

    @Override
    public synchronized List<NodeCounters> counters() {
        List<NodeCounters> out = new ArrayList<>();
        for (String kind : List.of("queue", "router", "worker")) {
            for (Node n : nodes.values()) {
                if (n.kind().equals(kind)) {
                    String text = ChildProcesses.scrape(n.address(), n.metricsPort());
                    out.add(NodeCounters.fromPrometheus(n.name(), kind, n.hostPort(), text == null ? "" : text));
                }
            }
        }
        return out;
    }

    @Override
    public synchronized List<NodeState> nodes() {
        List<NodeState> out = new ArrayList<>();
        for (Node n : nodes.values()) {
            out.add(new NodeState(n.name(), n.kind(), n.hostPort(), states.get(n.name())));
        }
        return out;
    }

    @Override
    public void kill(String node) throws IOException {
        end(node, true);
    }

    @Override
    public void stop(String node) throws IOException {
        end(node, false);
    }

    /** SIGKILL ({@code force}) or SIGTERM to a node's process and its children, then waits for it. */
    private void end(String node, boolean force) throws IOException {
        Node n = node(node, "running", "paused");
        if (!force && states.get(node).equals("paused")) {
            ChildProcesses.signal(n.process(), n.name(), "CONT"); // a stopped process would never see the SIGTERM
        }
        n.process().descendants().forEach(force ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
        if (force) {
            n.process().destroyForcibly();
        } else {
            n.process().destroy();
        }
        ChildProcesses.awaitExit(n.process(), n.name());
        states.put(node, force ? "killed" : "stopped");
    }

    @Override
    public void restart(String node) throws IOException {
        Node n = node(node, "killed", "stopped");
        awaitReady(List.of(launch(n)));
    }

    @Override
    public void pause(String worker) throws IOException {
        Node n = worker(worker, "running");
        ChildProcesses.signal(n.process(), n.name(), "STOP");
        states.put(worker, "paused");
    }

    @Override
    public void resume(String worker) throws IOException {
        Node n = worker(worker, "paused");
        ChildProcesses.signal(n.process(), n.name(), "CONT");
        states.put(worker, "running");
    }

    @Override
    public long addFault(String router, FaultSpec spec) throws IOException {
        return control(router).add(spec);
    }

    @Override
    public FaultSpec changeFault(String router, long id, FaultSpec spec) throws IOException {
        RouterControlClient c = control(router);
        FaultSpec before = c.get(id);
        c.change(id, spec);
        return before;
    }

    @Override
    public FaultSpec removeFault(String router, long id) throws IOException {
        RouterControlClient c = control(router);
        FaultSpec before = c.get(id);
        c.remove(id);
        return before;
    }

    @Override
    public void note(String router, String text) throws IOException {
        control(router).note(text);
    }

    @Override
    public List<String> faults(String router) throws IOException {
        return control(router).list();
    }

    private synchronized RouterControlClient control(String router) {
        node(router, "running", "paused");
        RouterControlClient c = controls.get(router);
        if (c == null) {
            throw new IllegalArgumentException("'" + router + "' is not a router; the routers are " + controls.keySet());
        }
        return c;
    }

    /** The node named {@code name}, which must be in one of {@code allowed} states. */
    private synchronized Node node(String name, String... allowed) {
        Node n = nodes.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no node '" + name + "'" + Suggestions.didYouMean(name, nodes.keySet())
                    + "; the nodes are " + nodes.keySet());
        }
        String state = states.get(name);
        if (!List.of(allowed).contains(state)) {
            throw new IllegalStateException(name + " is " + state + "; that needs it " + String.join(" or ", allowed));
        }
        return n;
    }

    private Node worker(String name, String state) {
        Node n = node(name, state);
        if (!n.kind().equals("worker")) {
            throw new IllegalArgumentException("'" + name + "' is a " + n.kind() + "; only a worker pauses");
        }
        return n;
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs (or ran) stopAll anyway
        }
    }

    /** SIGTERM to every child (workers first), then SIGKILL to any still alive after three seconds. */
    private synchronized void stopAll() {
        List<Node> order = new ArrayList<>(nodes.values());
        java.util.Collections.reverse(order);
        for (Node n : order) {
            n.process().descendants().forEach(ProcessHandle::destroy);
            n.process().destroy();
        }
        for (Node n : order) {
            try {
                if (!n.process().waitFor(3, TimeUnit.SECONDS)) {
                    n.process().descendants().forEach(ProcessHandle::destroyForcibly);
                    n.process().destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                n.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
