package io.udpgraph.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code topology run --netns} sets up on this machine, computed by {@link NetnsPlanner} before anything is
 * touched: a namespace per host and one for the feeder and sinks, each joined by a veth pair to a bridge in a
 * namespace of its own, on one /24 with no default route; the {@code ip} commands that make it, and the namespaces
 * whose deletion (after their processes are killed) takes it all down again.
 *
 * @param prefix         what every namespace's name starts with: {@code udpg-PID-}, the runner's process id
 * @param subnet         the /24 in CIDR form, e.g. {@code 10.213.0.0/24}
 * @param bridgeSpace    the namespace holding the bridge and the host ends of the veth pairs
 * @param clientSpace    the namespace of the feeder and sinks (the runner's own experiment)
 * @param clientAddress  the feeder's and sinks' address
 * @param spaces         host name to its namespace, in file order
 * @param addresses      host name to its address on the subnet
 * @param setup          the {@code ip} commands, in order
 */
public record NetnsPlan(String prefix, String subnet, String bridgeSpace, String clientSpace, String clientAddress,
                        Map<String, String> spaces, Map<String, String> addresses, List<List<String>> setup) {
    public NetnsPlan {
        spaces = new LinkedHashMap<>(spaces);
        addresses = new LinkedHashMap<>(addresses);
        setup = setup.stream().map(List::copyOf).toList();
    }

    /** Every namespace, to be emptied and deleted in this order: hosts, then the clients', then the bridge's. */
    public List<String> namespaces() {
        List<String> out = new ArrayList<>(spaces.values());
        out.add(clientSpace);
        out.add(bridgeSpace);
        return out;
    }

    /** The words that run a command inside {@code space}. */
    public static List<String> inside(String space) {
        return List.of("ip", "netns", "exec", space);
    }

    /** Each node of {@code hosts} in its host's namespace, at its host's address on the subnet. */
    Placement placement(Hosts hosts) {
        String block = subnet;
        return new Placement() {
            @Override
            public String address(String node) {
                return addresses.get(hosts.hostOf(node));
            }

            @Override
            public List<String> launcher(String node) {
                return inside(spaces.get(hosts.hostOf(node)));
            }

            @Override
            public List<String> allowed() {
                return List.of(block);
            }
        };
    }
}
