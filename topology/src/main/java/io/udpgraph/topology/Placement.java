package io.udpgraph.topology;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each node of a graph runs as a process: the address it binds and is reached at, and the words that start
 * its script there (none on this machine; {@code ip netns exec NS} inside a network namespace).
 */
interface Placement {

    /** The address {@code node} binds its sockets to and its clients reach it at. */
    String address(String node);

    /** The words put before the node's script to start it on its host. */
    List<String> launcher(String node);

    /**
     * The address block a queue node or router serves besides loopback ({@code --allow}, which a node takes
     * once): where the graph's other nodes, feeder and sinks send from. None when every node is on loopback.
     */
    List<String> allowed();

    /**
     * Checks that every host's address is one of this machine's, so the nodes can bind it; else says to use
     * --netns (or to start each host's nodes on that host).
     */
    static void requireLocal(Hosts hosts) throws IOException {
        for (String host : hosts.names()) {
            String address = hosts.address(host);
            InetAddress a;
            try {
                a = InetAddress.getByName(address);
            } catch (UnknownHostException e) {
                throw new IOException("host '" + host + "' at " + address + " does not resolve here: fix hosts:, "
                        + "or run with --netns (as root) to give each host a network namespace on this machine");
            }
            if (!a.isLoopbackAddress() && NetworkInterface.getByInetAddress(a) == null) {
                throw new IOException("host '" + host + "' at " + address + " is not an address of this machine, so "
                        + "its nodes cannot bind it: run with --netns (as root) to give each host a network "
                        + "namespace here, or start each host's nodes on that host");
            }
        }
    }

    /**
     * The smallest block holding every one of {@code addresses} (IPv4, as unsigned numbers), in CIDR form: a node
     * takes one {@code --allow}, so hosts on several addresses share the block that covers them.
     */
    static String covering(List<Long> addresses) {
        long first = addresses.get(0);
        int length = 32;
        for (long a : addresses) {
            while (length > 0 && (a >>> (32 - length)) != (first >>> (32 - length))) {
                length--;
            }
        }
        long network = length == 0 ? 0 : first >>> (32 - length) << (32 - length);
        return (network >>> 24) + "." + (network >>> 16 & 255) + "." + (network >>> 8 & 255) + "." + (network & 255)
                + "/" + length;
    }

    /** Every node on this machine, at its host's address from the file (loopback without a hosts: section). */
    static Placement onThisMachine(Hosts hosts) {
        return new Placement() {
            @Override
            public String address(String node) {
                return hosts.addressOf(node);
            }

            @Override
            public List<String> launcher(String node) {
                return List.of();
            }

            @Override
            public List<String> allowed() {
                List<Long> far = new ArrayList<>();
                for (String host : hosts.names()) {
                    try {
                        InetAddress a = InetAddress.getByName(hosts.address(host));
                        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                            far.add(Integer.toUnsignedLong(ByteBuffer.wrap(a.getAddress()).getInt()));
                        }
                    } catch (UnknownHostException e) {
                        // requireLocal has refused it already
                    }
                }
                return far.isEmpty() ? List.of() : List.of(covering(far));
            }
        };
    }
}
