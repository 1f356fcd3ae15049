package io.udpgraph.topology;

import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.router.FaultSpec;
import io.udpgraph.runtime.Suggestions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A graph that runs elsewhere, as {@code topology export} deploys it: {@code topology run --attach} feeds and
 * checks it at the addresses it is given, and starts, stops and controls none of its nodes, so a schedule's steps
 * fail (each marked in the report) and no node counters are read.
 */
final class AttachedGraph implements RunningGraph {
    /** How often an attach asks a queue that did not answer yet. */
    private static final Duration RETRY = Duration.ofMillis(500);

    private final Topology topology;
    private final Map<String, HostPort> addresses;

    private AttachedGraph(Topology topology, Map<String, HostPort> addresses) {
        this.topology = topology;
        this.addresses = addresses;
    }

    /**
     * Attaches to {@code topology}'s queues and routers at {@code at} ({@code NODE} to {@code HOST:PORT}), once
     * every queue answers {@code SIZE}, waiting up to {@code wait} for them (pods start in any order).
     *
     * @throws IllegalArgumentException when a queue or router has no address, or a name is not one of them
     * @throws IOException              when a queue still does not answer after {@code wait}
     */
    static AttachedGraph attach(Topology topology, Map<String, String> at, Duration wait) throws IOException {
        TreeSet<String> nodes = new TreeSet<>(topology.queues().keySet());
        nodes.addAll(topology.routers().keySet());
        Map<String, HostPort> addresses = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : at.entrySet()) {
            if (!nodes.contains(e.getKey())) {
                throw new IllegalArgumentException("--attach " + e.getKey() + ": no queue or router of that name"
                        + Suggestions.didYouMean(e.getKey(), nodes) + "; they are " + nodes);
            }
            addresses.put(e.getKey(), HostPort.parse(e.getValue()));
        }
        TreeSet<String> missing = new TreeSet<>(nodes);
        missing.removeAll(addresses.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("--attach needs NODE=HOST:PORT for every queue and router; missing "
                    + missing);
        }
        AttachedGraph g = new AttachedGraph(topology, addresses);
        long deadline = System.nanoTime() + wait.toNanos();
        for (String q : topology.queues().keySet()) {
            g.awaitAnswer(q, deadline);
        }
        return g;
    }

    private void awaitAnswer(String queue, long deadline) throws IOException {
        while (true) {
            try (MqClient c = MqClient.connect(address(queue))) {
                c.size();
                return;
            } catch (IOException | IllegalArgumentException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("queue " + queue + " at " + addresses.get(queue) + " does not answer SIZE ("
                            + e.getMessage() + "): is it running, and does it --allow this address?", e);
                }
            }
            try {
                Thread.sleep(RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + queue, e);
            }
        }
    }

    private InetSocketAddress address(String node) {
        HostPort a = addresses.get(node);
        return new InetSocketAddress(a.host(), a.port()); // resolved now: a Service's name resolves once it exists
    }

    @Override
    public InetSocketAddress addressFor(String client, String queue) {
        return address(topology.nodeBetween(client, queue));
    }

    @Override
    public InetSocketAddress connectorAddress(String name) {
        throw new IllegalArgumentException("connectors are not attached to: feed " + name + "'s queue instead");
    }

    @Override
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        addresses.forEach((node, at) -> out.add(String.format("%-7s %-16s %s (attached)",
                topology.queues().containsKey(node) ? "queue" : "router", node, at)));
        return out;
    }

    @Override
    public List<NodeCounters> counters() {
        return List.of();
    }

    @Override
    public List<NodeState> nodes() {
        List<NodeState> out = new ArrayList<>();
        addresses.forEach((node, at) -> out.add(new NodeState(node, topology.queues().containsKey(node) ? "queue"
                : "router", at.toString(), "attached")));
        return out;
    }

    private static UnsupportedOperationException elsewhere(String node) {
        return new UnsupportedOperationException(node + " runs elsewhere (--attach): act on it there, "
                + "e.g. kubectl delete pod or docker-compose kill");
    }

    @Override
    public void kill(String node) {
        throw elsewhere(node);
    }

    @Override
    public void stop(String node) {
        throw elsewhere(node);
    }

    @Override
    public void restart(String node) {
        throw elsewhere(node);
    }

    @Override
    public void pause(String worker) {
        throw elsewhere(worker);
    }

    @Override
    public void resume(String worker) {
        throw elsewhere(worker);
    }

    @Override
    public long addFault(String router, FaultSpec spec) {
        throw elsewhere(router);
    }

    @Override
    public FaultSpec changeFault(String router, long id, FaultSpec spec) {
        throw elsewhere(router);
    }

    @Override
    public FaultSpec removeFault(String router, long id) {
        throw elsewhere(router);
    }

    @Override
    public void note(String router, String text) {
        throw elsewhere(router);
    }

    @Override
    public List<String> faults(String router) {
        throw elsewhere(router);
    }

    @Override
    public void close() {
        // nothing started here, so nothing to stop
    }
}
