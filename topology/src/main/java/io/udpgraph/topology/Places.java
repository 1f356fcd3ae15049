package io.udpgraph.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a topology file wrote each node and each reference between nodes, gathered while its sections are
 * read, so that the graph checks can point at the text of a mistake without going back to the YAML.
 */
final class Places {

    /** A queue named by a client (an edge), where it was written, and what it is for in a message. */
    record QueueRef(String queue, Located.Position at, String role) {
    }

    /** Where each node's name is written: names are unique across every kind of node. */
    final Map<String, Located.Position> names = new HashMap<>();
    /** Where each node's settings begin. */
    final Map<String, Located.Position> bodies = new HashMap<>();
    /** Where each node's {@code port:} value is written, for nodes that set one. */
    final Map<String, Located.Position> ports = new HashMap<>();
    /** Every edge as written: a source's to:, a worker's inputs: and outputs:, a sink's from:, a router's queue:. */
    final List<QueueRef> queueRefs = new ArrayList<>();
    /** Where each host of the hosts: section is named. */
    final Map<String, Located.Position> hosts = new HashMap<>();
    /** The host: of each queue, worker and router that names one, and where. */
    final Map<String, FieldReader.Named> hostRefs = new LinkedHashMap<>();
    /** Each router's clients: list as written. */
    final Map<String, List<FieldReader.Named>> routerClients = new HashMap<>();

    /** Where {@code node} is defined, or the file's start if it never was. */
    Located.Position of(String node) {
        return names.getOrDefault(node, new Located.Position(1, 1));
    }
}
