package io.udpgraph.topology;

import io.udpgraph.runtime.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a topology as a graph once its nodes are read: every edge names a queue, a router's clients use its
 * queue and no edge has two routers, every host: is listed under hosts:, every queue is read, no two nodes share
 * a port on one host address, there is no cycle, and there
 * is something to feed and something to read the graph. Each mistake is reported where {@link Places} says
 * the file wrote it.
 */
final class GraphChecks {

    private final Topology t;
    private final Places places;
    private final FieldReader f;

    private GraphChecks(Topology t, Places places, FieldReader f) {
        this.t = t;
        this.places = places;
        this.f = f;
    }

    /** Runs every check on {@code t}; the mistakes go to {@code f}. */
    static void check(Topology t, Places places, FieldReader f, Located.Position top) {
        GraphChecks c = new GraphChecks(t, places, f);
        for (Places.QueueRef ref : places.queueRefs) {
            c.checkQueueRef(ref);
        }
        c.checkRouters();
        c.checkHosts();
        c.checkEveryQueueIsRead();
        c.checkPorts();
        c.checkCycles();
        c.checkFeedsThroughConnectors();
        if (t.sources().isEmpty() && !hasConnector(t, Topology.ConnectorKind.TCP_IN, Topology.ConnectorKind.UDP_IN)
                && !f.hasProblems()) {
            f.problem(top, "no sources: add one under sources:, e.g. gen: {to: QUEUE, generator: {count: 1000}}");
        }
        if (t.sinks().isEmpty() && !hasConnector(t, Topology.ConnectorKind.TCP_OUT) && !f.hasProblems()) {
            f.problem(top, "no sinks: add one under sinks:, e.g. out: {from: QUEUE}");
        }
    }

    /** True when a connector of one of these kinds feeds or drains the graph (it stands for a source or sink). */
    private static boolean hasConnector(Topology t, Topology.ConnectorKind... kinds) {
        return t.connectors().values().stream().anyMatch(c -> java.util.List.of(kinds).contains(c.kind()));
    }

    /** A source's via: names a tcp-in connector that feeds the source's own queue. */
    private void checkFeedsThroughConnectors() {
        for (Topology.Source s : t.sources().values()) {
            if (s.via() == null) {
                continue;
            }
            Topology.Connector c = t.connectors().get(s.via());
            if (c == null || c.kind() != Topology.ConnectorKind.TCP_IN) {
                f.problem(places.bodies.getOrDefault(s.name(), places.of(s.name())), "source '" + s.name()
                        + "' feeds through via: '" + s.via() + "', which is no tcp-in connector"
                        + Suggestions.didYouMean(s.via(), t.connectors().keySet()));
            } else if (!c.queue().equals(s.to())) {
                f.problem(places.bodies.getOrDefault(s.name(), places.of(s.name())), "source '" + s.name()
                        + "' PUTs to '" + s.to() + "' but its connector '" + c.name() + "' feeds '" + c.queue()
                        + "': make to: and the connector's to: the same queue");
            }
        }
    }

    private void checkQueueRef(Places.QueueRef ref) {
        String n = ref.queue();
        if (t.queues().containsKey(n)) {
            return;
        }
        String hint;
        if (places.names.containsKey(n)) {
            hint = "'" + n + "' is not a queue; edges join clients to queue nodes, so put a queue between them";
        } else {
            hint = "no node is named '" + n + "'" + (t.queues().isEmpty() ? ""
                    : "; the queues are " + String.join(", ", t.queues().keySet()));
        }
        f.problem(ref.at(), "unknown queue '" + n + "' as " + ref.role()
                + Suggestions.didYouMean(n, t.queues().keySet()) + ": " + hint);
    }

    private void checkRouters() {
        Map<String, Located.Position> routerOfEdge = new HashMap<>();
        for (Topology.RouterOn r : t.routers().values()) {
            List<String> clientsOfQueue = clientsOf(r.queue());
            for (FieldReader.Named c : places.routerClients.getOrDefault(r.name(), List.of())) {
                if (!clientsOfQueue.contains(c.name())) {
                    f.problem(c.at(), "router '" + r.name() + "' lists client '" + c.name() + "'"
                            + Suggestions.didYouMean(c.name(), clientsOfQueue) + ", but no edge joins '" + c.name()
                            + "' and queue '" + r.queue() + "'" + (clientsOfQueue.isEmpty() ? ""
                            : ": its clients are " + String.join(", ", clientsOfQueue)));
                }
            }
            Located.Position at = places.bodies.get(r.name());
            for (String c : r.clients().isEmpty() ? clientsOfQueue : r.clients()) {
                Located.Position before = routerOfEdge.putIfAbsent(r.queue() + "\u0000" + c, at);
                if (before != null) {
                    f.problem(at, "the edge between '" + c + "' and '" + r.queue() + "' already has a router (at "
                            + before + "); one router per edge: list the clients each router covers with clients:");
                }
            }
        }
    }

    /** The sources, workers and sinks joined to {@code queue} by an edge, in file order. */
    private List<String> clientsOf(String queue) {
        List<String> out = new ArrayList<>();
        for (Topology.Edge e : t.edges()) {
            String client = e.to().equals(queue) ? e.from() : e.from().equals(queue) ? e.to() : null;
            if (client != null && !out.contains(client)) {
                out.add(client);
            }
        }
        return out;
    }

    /** Every host: names a host of the hosts: section. */
    private void checkHosts() {
        places.hostRefs.forEach((node, host) -> {
            if (!places.hosts.containsKey(host.name())) {
                f.problem(host.at(), "unknown host '" + host.name() + "' of '" + node + "'"
                        + Suggestions.didYouMean(host.name(), t.hosts().addresses().keySet()) + ": " + (t.hosts().given()
                        ? "the hosts are " + String.join(", ", t.hosts().addresses().keySet())
                        : "list it under hosts: with its address, e.g. hosts: {" + host.name() + ": 10.0.0.11}"));
            }
        });
    }

    private void checkEveryQueueIsRead() {
        for (Topology.Queue q : t.queues().values()) {
            boolean read = t.workers().values().stream().anyMatch(w -> w.inputs().contains(q.name()))
                    || t.sinks().values().stream().anyMatch(s -> s.from().equals(q.name()))
                    || t.connectors().values().stream().anyMatch(c -> c.kind() == Topology.ConnectorKind.TCP_OUT
                            && c.queue().equals(q.name()));
            if (!read) {
                f.problem(places.of(q.name()), "nothing takes from queue '" + q.name()
                        + "': name it in a worker's inputs or a sink's from:");
            }
        }
    }

    private void checkPorts() {
        Map<String, String> used = new HashMap<>();
        for (Topology.Queue q : t.queues().values()) {
            checkPort(used, q.name(), "queue", q.port());
        }
        for (Topology.RouterOn r : t.routers().values()) {
            checkPort(used, r.name(), "router", r.port());
        }
    }

    /** Two nodes clash when their hosts have one address (two names may stand for one machine) and one port. */
    private void checkPort(Map<String, String> used, String node, String kind, int port) {
        if (port == 0) {
            return;
        }
        String host = t.hosts().hostOf(node);
        String address = t.hosts().address(host);
        String self = kind + " '" + node + "'";
        String before = used.putIfAbsent(address + ":" + port, self);
        if (before != null) {
            f.problem(places.ports.getOrDefault(node, places.of(node)), "port " + port + " of " + self
                    + (t.hosts().given() ? " on host '" + host + "' (" + address + ")" : "")
                    + " is already used by " + before + ": give each node its own port, or leave port: out for a "
                    + "free one");
        }
    }

    private void checkCycles() {
        // queue -> queues reachable through one worker
        Map<String, List<String>> next = new HashMap<>();
        for (Topology.Worker w : t.workers().values()) {
            for (String in : w.inputs()) {
                next.computeIfAbsent(in, k -> new ArrayList<>()).addAll(w.outputs());
            }
        }
        Map<String, Integer> state = new HashMap<>();
        for (String q : t.queues().keySet()) {
            List<String> path = new ArrayList<>();
            if (cycleFrom(q, next, state, path)) {
                f.problem(places.of(path.get(path.size() - 1)), "a cycle " + String.join(" -> ", path)
                        + ": messages would circulate forever and no sink could tell when they are done; "
                        + "send the results on to another queue");
                return;
            }
        }
    }

    /** Depth-first search; {@code state} is 1 while a queue is on the path, 2 once all its paths are done. */
    private static boolean cycleFrom(String q, Map<String, List<String>> next, Map<String, Integer> state,
                                     List<String> path) {
        Integer s = state.get(q);
        if (s != null && s == 2) {
            return false;
        }
        path.add(q);
        if (s != null && s == 1) {
            return true;
        }
        state.put(q, 1);
        for (String n : next.getOrDefault(q, List.of())) {
            if (cycleFrom(n, next, state, path)) {
                return true;
            }
        }
        state.put(q, 2);
        path.remove(path.size() - 1);
        return false;
    }
}
