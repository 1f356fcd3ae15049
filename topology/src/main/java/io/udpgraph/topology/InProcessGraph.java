package io.udpgraph.topology;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.mq.log.LogConfig;
import io.udpgraph.mq.log.LogJournal;
import io.udpgraph.router.FaultSpec;
import io.udpgraph.router.Router;
import io.udpgraph.router.RouterConfig;
import io.udpgraph.runtime.MetricsEndpoint;
import io.udpgraph.runtime.Suggestions;
import io.udpgraph.worker.FunctionSpec;
import io.udpgraph.worker.Guarantee;
import io.udpgraph.worker.Output;
import io.udpgraph.worker.RoutePolicy;
import io.udpgraph.worker.VertexWorker;
import io.udpgraph.worker.WorkerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every node of a topology in this JVM: the real {@link QueueNode}, {@link Router} and
 * {@link VertexWorker} objects, each with its own sockets on 127.0.0.1 and its own meter registry, sharing
 * nothing but the UDP traffic between them.
 */
public final class InProcessGraph implements RunningGraph {
    private final Topology topology;
    private final Map<String, QueueNode> queues = new LinkedHashMap<>();
    private final Map<String, Router> routers = new LinkedHashMap<>();
    private final Map<String, VertexWorker> workers = new LinkedHashMap<>();
    private final Map<String, PrometheusMeterRegistry> registries = new LinkedHashMap<>();
    private GraphConnectors connectors = GraphConnectors.none();
    /** How each node was started, at the address it got, so a restart comes back there. */
    private final Map<String, QueueConfig> queueConfigs = new LinkedHashMap<>();
    private final Map<String, RouterConfig> routerConfigs = new LinkedHashMap<>();
    private final Map<String, WorkerConfig> workerConfigs = new LinkedHashMap<>();
    private final Map<String, String> states = new LinkedHashMap<>();
    private Path runFolder;

    private InProcessGraph(Topology topology) {
        this.topology = topology;
    }

    /** Starts queues, then the routers in front of them, then the workers; on failure stops what started. */
    public static InProcessGraph start(Topology topology) throws IOException {
        InProcessGraph g = new InProcessGraph(topology);
        try {
            for (Topology.Queue q : topology.queues().values()) {
                g.queueConfigs.put(q.name(), QueueConfig.defaults().name(q.name()).port(q.port())
                        .capacityMessages(q.capacity()).threads(q.threads()).maxDeliveries(q.maxDeliveries())
                        .dedupWindowMessages(q.dedupWindowMessages()).registry(registry(g, q.name())));
                g.startQueue(q.name());
            }
            for (Topology.RouterOn r : topology.routers().values()) {
                RouterConfig c = RouterConfig.defaults().name(r.name()).port(r.port())
                        .upstream(g.queues.get(r.queue()).address()).faults(r.faults()).seed(r.seed())
                        .registry(registry(g, r.name()));
                c = r.eventLog() == null ? c : c.eventLog(r.eventLog());
                g.routerConfigs.put(r.name(), r.controlPort() == 0 ? c
                        : c.control(new HostPort("127.0.0.1", r.controlPort())));
                g.startRouter(r.name());
            }
            for (Topology.Worker w : topology.workers().values()) {
                for (int i = 1; i <= w.replicas(); i++) {
                    String name = Topology.replicaName(w, i);
                    g.workerConfigs.put(name, g.workerConfig(w, name, registry(g, name), i));
                    g.workers.put(name, VertexWorker.start(g.workerConfigs.get(name)));
                    g.states.put(name, "running");
                }
            }
            g.connectors = GraphConnectors.start(topology, g::addressFor);
        } catch (IOException | RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
    }

    private void startQueue(String name) throws IOException {
        QueueConfig c = queueConfigs.get(name);
        Path dir = topology.queues().get(name).dataDir(runFolder());
        QueueNode node = QueueNode.start(dir == null ? c : c.journal(LogJournal.open(dir, LogConfig.defaults())));
        queues.put(name, node);
        queueConfigs.put(name, c.port(node.address().getPort()));
        states.put(name, "running");
    }

    private void startRouter(String name) throws IOException {
        Router router = Router.start(routerConfigs.get(name));
        routers.put(name, router);
        routerConfigs.put(name, routerConfigs.get(name).port(router.address().getPort()));
        states.put(name, "running");
    }

    /** A folder of this run for durable queues without a data_dir, made on first use. */
    private Path runFolder() throws IOException {
        if (runFolder == null) {
            runFolder = Files.createTempDirectory("udpgraph-run-");
        }
        return runFolder;
    }

    private static PrometheusMeterRegistry registry(InProcessGraph g, String name) {
        PrometheusMeterRegistry reg = MetricsEndpoint.newRegistry();
        g.registries.put(name, reg);
        return reg;
    }

    private WorkerConfig workerConfig(Topology.Worker w, String name, PrometheusMeterRegistry reg, int replica) {
        List<InetSocketAddress> ins = new ArrayList<>();
        for (String in : w.inputs()) {
            ins.add(addressFor(w.name(), in));
        }
        List<Output> outs = new ArrayList<>();
        for (String o : w.outputs()) {
            outs.add(Output.queue(addressFor(w.name(), o)));
        }
        return WorkerConfig.defaults().name(name).inputs(ins).outputs(outs)
                .function(w.pythonFunction() != null ? FunctionSpec.python(w.pythonFunction())
                        : FunctionSpec.named(w.function(), w.args().toArray(new String[0])))
                .route(RoutePolicy.parse(w.route())).guarantee(Guarantee.parse(w.guarantee()))
                .batchSize(w.batch()).leaseTime(w.leaseTime())
                .requestTimeout(w.requestTimeout()).longPollWait(w.longPollWait())
                .routeSeed(replica).registry(reg);
    }

    @Override
    public synchronized InetSocketAddress addressFor(String client, String queue) {
        int port = topology.routerBetween(client, queue).map(r -> routerConfigs.get(r.name()).listen().port())
                .orElseGet(() -> queueConfigs.get(queue).port());
        return new InetSocketAddress(QueueConfig.DEFAULT_BIND, port);
    }

    @Override
    public InetSocketAddress connectorAddress(String name) {
        return connectors.address(name);
    }

    @Override
    public synchronized List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, QueueNode> q : queues.entrySet()) {
            out.add(String.format("queue   %-16s %s", q.getKey(), HostPort.of(q.getValue().address())));
        }
        for (Map.Entry<String, Router> r : routers.entrySet()) {
            Topology.RouterOn spec = topology.routers().get(r.getKey());
            out.add(String.format("router  %-16s %s -> %s (%s), seed %d", r.getKey(), HostPort.of(r.getValue().address()),
                    spec.queue(), HostPort.of(queues.get(spec.queue()).address()), r.getValue().seed()));
        }
        for (Map.Entry<String, VertexWorker> w : workers.entrySet()) {
            WorkerConfig c = w.getValue().config();
            List<String> ins = c.inputs().stream().map(a -> HostPort.of(a).toString()).toList();
            List<String> outs = c.outputs().stream().map(Output::toString).toList();
            out.add(String.format("worker  %-16s %s -> %s -> %s, %s", w.getKey(), String.join(",", ins),
                    c.function().label(), String.join(",", outs), c.guarantee().word()));
        }
        out.addAll(connectors.describe());
        return out;
    }

    @Override
    public synchronized List<NodeCounters> counters() {
        List<NodeCounters> out = new ArrayList<>();
        for (NodeState n : nodes()) {
            out.add(NodeCounters.fromPrometheus(n.name(), n.kind(), n.address(), registries.get(n.name()).scrape()));
        }
        return out;
    }

    @Override
    public synchronized List<NodeState> nodes() {
        List<NodeState> out = new ArrayList<>();
        for (String q : queueConfigs.keySet()) {
            out.add(new NodeState(q, "queue", "127.0.0.1:" + queueConfigs.get(q).port(), states.get(q)));
        }
        for (String r : routerConfigs.keySet()) {
            out.add(new NodeState(r, "router", "127.0.0.1:" + routerConfigs.get(r).listen().port(), states.get(r)));
        }
        for (String w : workerConfigs.keySet()) {
            out.add(new NodeState(w, "worker", "", states.get(w)));
        }
        return out;
    }

    @Override
    public synchronized void kill(String node) {
        // one JVM has no SIGKILL: a worker closes its sockets with nothing handed back (its leases expire); a
        // queue node or router closes, which hands nothing back either
        if (workers.containsKey(node)) {
            require(node, "running", "paused");
            workers.remove(node).kill();
        } else {
            stop(node);
        }
        states.put(node, "killed");
    }

    @Override
    public synchronized void stop(String node) {
        require(node, "running", "paused");
        AutoCloseable n = queues.containsKey(node) ? queues.remove(node)
                : routers.containsKey(node) ? routers.remove(node) : workers.remove(node);
        try {
            n.close();
        } catch (Exception e) {
            throw new IllegalStateException(node + " did not close: " + e.getMessage(), e);
        }
        states.put(node, "stopped");
    }

    @Override
    public synchronized void restart(String node) throws IOException {
        require(node, "killed", "stopped");
        if (queueConfigs.containsKey(node)) {
            startQueue(node);
        } else if (routerConfigs.containsKey(node)) {
            startRouter(node);
        } else {
            workers.put(node, VertexWorker.start(workerConfigs.get(node)));
            states.put(node, "running");
        }
    }

    @Override
    public synchronized void pause(String worker) {
        freeze(worker, true);
    }

    @Override
    public synchronized void resume(String worker) {
        freeze(worker, false);
    }

    private void freeze(String name, boolean pause) {
        VertexWorker w = worker(name);
        require(name, pause ? "running" : "paused");
        w.pause(pause);
        states.put(name, pause ? "paused" : "running");
    }

    @Override
    public synchronized long addFault(String router, FaultSpec spec) {
        return router(router).addFault(spec).id();
    }

    @Override
    public synchronized FaultSpec changeFault(String router, long id, FaultSpec spec) {
        Router r = router(router);
        FaultSpec before = fault(r, id);
        r.changeFault(id, spec);
        return before;
    }

    @Override
    public synchronized FaultSpec removeFault(String router, long id) {
        Router r = router(router);
        FaultSpec before = fault(r, id);
        r.removeFault(id);
        return before;
    }

    @Override
    public synchronized void note(String router, String text) {
        router(router).note(text);
    }

    @Override
    public synchronized List<String> faults(String router) {
        return router(router).faults().stream().map(f -> f.id() + " " + f.spec().kind() + " " + f.spec().value())
                .toList();
    }

    private static FaultSpec fault(Router r, long id) {
        return r.fault(id).orElseThrow(() -> new IllegalArgumentException("router " + r.config().name()
                + " has no fault " + id + "; its faults: " + r.faults())).spec();
    }

    private synchronized Router router(String name) {
        if (!routerConfigs.containsKey(name)) {
            throw new IllegalArgumentException("no router '" + name + "'" + Suggestions.didYouMean(name,
                    routerConfigs.keySet()) + "; the routers are " + routerConfigs.keySet());
        }
        require(name, "running");
        return routers.get(name);
    }

    private VertexWorker worker(String name) {
        if (!workerConfigs.containsKey(name)) {
            throw new IllegalArgumentException("no worker '" + name + "'" + Suggestions.didYouMean(name,
                    workerConfigs.keySet()) + "; the workers are " + workerConfigs.keySet());
        }
        return workers.get(name);
    }

    private void require(String node, String... allowed) {
        String state = states.get(node);
        if (state == null) {
            throw new IllegalArgumentException("no node '" + node + "'" + Suggestions.didYouMean(node, states.keySet())
                    + "; the nodes are " + states.keySet());
        }
        if (!List.of(allowed).contains(state)) {
            throw new IllegalStateException(node + " is " + state + "; that needs it " + String.join(" or ", allowed));
        }
    }

    @Override
    public synchronized void close() {
        // connectors and workers first, so they hand back what they hold while the queues still listen
        connectors.close();
        for (VertexWorker w : workers.values()) {
            w.close();
        }
        for (Router r : routers.values()) {
            r.close();
        }
        for (QueueNode q : queues.values()) {
            q.close();
        }
        if (runFolder != null) {
            try (var files = Files.walk(runFolder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind costs only disk space; say where it is
                java.util.logging.Logger.getLogger(InProcessGraph.class.getName()).warning("could not remove "
                        + runFolder + ": " + e.getMessage());
            }
        }
    }
}
