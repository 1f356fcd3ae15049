package io.udpgraph.topology;

import java.net.InetSocketAddress;
import java.util.List;

/** A started topology: where each node listens, what each counted; {@link #close()} stops every node. */
public interface RunningGraph extends GraphControl, AutoCloseable {

    /** Where {@code client} (a source, worker or sink) sends to reach {@code queue}: a router in between, or the queue. */
    InetSocketAddress addressFor(String client, String queue);

    /** Where the connector {@code name} (tcp-in or udp-in) listens for feeds: the address it bound. */
    InetSocketAddress connectorAddress(String name);

    /** One line per node: its kind, name and address, as {@code topology up} prints them. */
    List<String> describe();

    /** Every node's counters now. */
    List<NodeCounters> counters();

    /** Stops every node (and child process) and releases every port. */
    @Override
    void close();

    /** {@code graph}, which also closes {@code also} (a control API serving it) first when it closes. */
    static RunningGraph closingAlso(RunningGraph graph, AutoCloseable also) {
        return (RunningGraph) java.lang.reflect.Proxy.newProxyInstance(RunningGraph.class.getClassLoader(),
                new Class<?>[] {RunningGraph.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        also.close();
                    }
                    try {
                        return method.invoke(graph, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
