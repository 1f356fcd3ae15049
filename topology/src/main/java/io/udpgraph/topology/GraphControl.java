package io.udpgraph.topology;

import io.udpgraph.router.FaultSpec;
import java.io.IOException;
import java.util.List;

/**
 * What a schedule step and the graph's control API do to a running graph, by node name ({@code q2},
 * {@code upper#2}, {@code r-in}); the same calls for nodes in this JVM and for processes. Each call throws
 * {@link IllegalArgumentException} for a name the graph does not have (or the wrong kind of node), and
 * {@link IllegalStateException} for a node in the wrong state (a restart of a running node).
 */
public interface GraphControl {

    /** One node as the control API lists it. */
    record NodeState(String name, String kind, String address, String state) {
    }

    /** Every node, queues first, then routers, then workers. */
    List<NodeState> nodes();

    /** Ends a node at once: SIGKILL for a process; in one JVM, its sockets close without a goodbye. */
    void kill(String node) throws IOException;

    /** Ends a node gracefully: SIGTERM for a process, close in one JVM (a worker hands back its leases). */
    void stop(String node) throws IOException;

    /** Starts a killed or stopped node again at its address, a queue on its data folder. */
    void restart(String node) throws IOException;

    /** Freezes a worker: it keeps its leases and takes nothing more until {@link #resume}. */
    void pause(String worker) throws IOException;

    /** Lets a paused worker go on. */
    void resume(String worker) throws IOException;

    /** Adds a fault to a router; returns its id there. */
    long addFault(String router, FaultSpec spec) throws IOException;

    /** Changes a router's fault; returns the fault it replaced. */
    FaultSpec changeFault(String router, long id, FaultSpec spec) throws IOException;

    /** Removes a router's fault; returns it. */
    FaultSpec removeFault(String router, long id) throws IOException;

    /** Writes {@code text} into a router's event log as a {@code # text} line; nothing when it keeps none. */
    void note(String router, String text) throws IOException;

    /** The faults in force on a router, by id, as {@code id kind value} lines ({@code 1 drop 20%,up}). */
    List<String> faults(String router) throws IOException;
}
