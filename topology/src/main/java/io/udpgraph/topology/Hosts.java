package io.udpgraph.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machines a topology file places its nodes on: each host's address (file order) and the host each queue,
 * worker or router names with {@code host:}. A node that names none, and every connector, runs on the default
 * host: the first one listed, or {@value #LOCAL} at {@value #LOCAL_ADDRESS} when the file has no hosts: section.
 *
 * @param addresses host name to address (an IPv4 address or a DNS name), in file order
 * @param placed    node name to the host its {@code host:} names
 */
public record Hosts(Map<String, String> addresses, Map<String, String> placed) {
    /** The one host of a file without a hosts: section. */
    public static final String LOCAL = "local";
    /** Where the one host of a file without a hosts: section is reached. */
    public static final String LOCAL_ADDRESS = "127.0.0.1";
    /** No hosts: section: every node on this machine's loopback. */
    public static final Hosts NONE = new Hosts(Map.of(), Map.of());

    public Hosts {
        addresses = new LinkedHashMap<>(addresses);
        placed = new LinkedHashMap<>(placed);
    }

    /** Whether the file named hosts at all. */
    public boolean given() {
        return !addresses.isEmpty();
    }

    /** The host of every node that names none: the first one listed, or {@value #LOCAL}. */
    public String defaultHost() {
        return given() ? addresses.keySet().iterator().next() : LOCAL;
    }

    /** The host {@code node} runs on. */
    public String hostOf(String node) {
        return placed.getOrDefault(node, defaultHost());
    }

    /** The address of {@code host}: as listed, or loopback for the implicit {@value #LOCAL} host. */
    public String address(String host) {
        return given() ? addresses.get(host) : LOCAL_ADDRESS;
    }

    /** The address {@code node} listens on and is reached at. */
    public String addressOf(String node) {
        return address(hostOf(node));
    }

    /** The host names in file order ({@value #LOCAL} alone without a hosts: section). */
    public Iterable<String> names() {
        return given() ? addresses.keySet() : java.util.List.of(LOCAL);
    }
}
