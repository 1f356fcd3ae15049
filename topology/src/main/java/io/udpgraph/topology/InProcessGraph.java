package io.udpgraph.topology;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.router.Router;
import io.udpgraph.router.RouterConfig;
import io.udpgraph.runtime.MetricsEndpoint;
import io.udpgraph.worker.FunctionSpec;
import io.udpgraph.worker.Guarantee;
import io.udpgraph.worker.Output;
import io.udpgraph.worker.RoutePolicy;
import io.udpgraph.worker.VertexWorker;
import io.udpgraph.worker.WorkerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
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

    private InProcessGraph(Topology topology) {
        this.topology = topology;
    }

    /** Starts queues, then the routers in front of them, then the workers; on failure stops what started. */
    public static InProcessGraph start(Topology topology) throws IOException {
        InProcessGraph g = new InProcessGraph(topology);
        try {
            for (Topology.Queue q : topology.queues().values()) {
                PrometheusMeterRegistry reg = registry(g, q.name());
                g.queues.put(q.name(), QueueNode.start(QueueConfig.defaults().name(q.name()).port(q.port())
                        .capacityMessages(q.capacity()).threads(q.threads()).maxDeliveries(q.maxDeliveries())
                        .dedupWindowMessages(q.dedupWindowMessages()).registry(reg)));
            }
            for (Topology.RouterOn r : topology.routers().values()) {
                PrometheusMeterRegistry reg = registry(g, r.name());
                g.routers.put(r.name(), Router.start(RouterConfig.defaults().name(r.name()).port(r.port())
                        .upstream(g.queues.get(r.queue()).address()).faults(r.faults()).seed(r.seed())
                        .registry(reg)));
            }
            for (Topology.Worker w : topology.workers().values()) {
                for (int i = 1; i <= w.replicas(); i++) {
                    String name = w.replicas() == 1 ? w.name() : w.name() + "#" + i;
                    g.workers.put(name, VertexWorker.start(g.workerConfig(w, name, registry(g, name), i)));
                }
            }
            g.connectors = GraphConnectors.start(topology, g::addressFor);
        } catch (IOException | RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
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
    public InetSocketAddress addressFor(String client, String queue) {
        return topology.routerBetween(client, queue).map(r -> routers.get(r.name()).address())
                .orElseGet(() -> queues.get(queue).address());
    }

    @Override
    public InetSocketAddress connectorAddress(String name) {
        return connectors.address(name);
    }

    @Override
    public List<String> describe() {
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
    public List<NodeCounters> counters() {
        List<NodeCounters> out = new ArrayList<>();
        for (Map.Entry<String, QueueNode> q : queues.entrySet()) {
            out.add(NodeCounters.fromPrometheus(q.getKey(), "queue", HostPort.of(q.getValue().address()).toString(),
                    registries.get(q.getKey()).scrape()));
        }
        for (Map.Entry<String, Router> r : routers.entrySet()) {
            out.add(NodeCounters.fromPrometheus(r.getKey(), "router", HostPort.of(r.getValue().address()).toString(),
                    registries.get(r.getKey()).scrape()));
        }
        for (String w : workers.keySet()) {
            out.add(NodeCounters.fromPrometheus(w, "worker", "", registries.get(w).scrape()));
        }
        return out;
    }

    @Override
    public void close() {
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
    }
}
