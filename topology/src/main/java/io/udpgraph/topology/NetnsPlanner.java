package io.udpgraph.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plans {@code topology run --netns} without touching the machine: chooses a /24 that overlaps none of the
 * machine's addresses and routes (as {@code ip -4 addr} and {@code ip route} print them) and computes a
 * {@link NetnsPlan}. Host number i (from 1, in the order of hosts:) gets address .(10 + i) of the /24, whatever
 * its address in the file; the feeder and sinks get .2. Stateless.
 */
final class NetnsPlanner {
    /** What the names of every namespace a run makes start with; a sweep deletes those whose runner is gone. */
    static final String NAME_PREFIX = "udpg-";
    /** Matches a namespace of a run: its runner's process id in group 1. */
    static final Pattern NAME = Pattern.compile(Pattern.quote(NAME_PREFIX) + "(\\d+)-.*");
    /** At most this many hosts fit a /24 after the feeder's address: .11 to .254. */
    static final int MAX_HOSTS = 244;

    private static final Pattern CIDR = Pattern.compile("(\\d+\\.\\d+\\.\\d+\\.\\d+)(?:/(\\d+))?");

    private NetnsPlanner() {
    }

    /**
     * The first of 10.213.0.0/24 … 10.213.255.0/24, then 172.29.0.0/24 … 172.29.255.0/24, that overlaps no address
     * in {@code ipAddr} (the output of {@code ip -4 addr}) and no route in {@code ipRoute} ({@code ip route}),
     * the default route aside; empty when every one does.
     */
    static Optional<String> chooseSubnet(String ipAddr, String ipRoute) {
        List<long[]> taken = new ArrayList<>();
        for (String line : ipAddr.split("\n")) {
            String s = line.strip();
            if (s.startsWith("inet ")) {
                block(s.substring(5).split("\\s+")[0]).ifPresent(taken::add);
            }
        }
        for (String line : ipRoute.split("\n")) {
            String[] words = line.strip().split("\\s+");
            // "local"/"broadcast"/"unicast" tables name the type first; the prefix follows it
            String first = words.length > 1 && words[0].matches("[a-z]+") && !words[0].equals("default")
                    ? words[1] : words[0];
            if (!first.equals("default")) {
                block(first).ifPresent(taken::add);
            }
        }
        for (String base : List.of("10.213.", "172.29.")) {
            for (int third = 0; third < 256; third++) {
                String candidate = base + third + ".0/24";
                long[] c = block(candidate).orElseThrow();
                if (taken.stream().noneMatch(t -> overlaps(t, c))) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The first and last address of a CIDR block (a bare address is a /32), or empty when it is none. */
    static Optional<long[]> block(String text) {
        Matcher m = CIDR.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long address = 0;
        for (String octet : m.group(1).split("\\.")) {
            int o = Integer.parseInt(octet);
            if (o > 255) {
                return Optional.empty();
            }
            address = address << 8 | o;
        }
        int length = m.group(2) == null ? 32 : Integer.parseInt(m.group(2));
        if (length > 32) {
            return Optional.empty();
        }
        long size = 1L << (32 - length);
        long first = address & ~(size - 1) & 0xFFFF_FFFFL;
        return Optional.of(new long[] {first, first + size - 1});
    }

    private static boolean overlaps(long[] a, long[] b) {
        return a[0] <= b[1] && b[0] <= a[1];
    }

    /** The plan for {@code hosts} on {@code subnet} (a /24), for the runner whose process id is {@code pid}. */
    static NetnsPlan plan(Hosts hosts, String subnet, long pid) {
        String net = subnet.substring(0, subnet.lastIndexOf('.') + 1);
        String prefix = NAME_PREFIX + pid + "-";
        Map<String, String> spaces = new LinkedHashMap<>();
        Map<String, String> addresses = new LinkedHashMap<>();
        int i = 0;
        for (String host : hosts.names()) {
            i++;
            if (i > MAX_HOSTS) {
                throw new IllegalArgumentException("--netns runs at most " + MAX_HOSTS + " hosts on one /24");
            }
            spaces.put(host, prefix + "h-" + host);
            addresses.put(host, net + (10 + i));
        }
        String bridge = prefix + "net";
        String clients = prefix + "clients";
        List<List<String>> setup = new ArrayList<>();
        setup.add(List.of("ip", "netns", "add", bridge));
        setup.add(List.of("ip", "-n", bridge, "link", "add", "br0", "type", "bridge"));
        setup.add(List.of("ip", "-n", bridge, "link", "set", "br0", "up"));
        Map<String, String> members = new LinkedHashMap<>();
        members.put(clients, net + 2);
        hosts.names().forEach(h -> members.put(spaces.get(h), addresses.get(h)));
        int veth = 0;
        for (Map.Entry<String, String> m : members.entrySet()) {
            String space = m.getKey();
            String end = "v" + veth++;
            setup.add(List.of("ip", "netns", "add", space));
            setup.add(List.of("ip", "-n", bridge, "link", "add", end, "type", "veth", "peer", "name", "eth0",
                    "netns", space));
            setup.add(List.of("ip", "-n", bridge, "link", "set", end, "master", "br0"));
            setup.add(List.of("ip", "-n", bridge, "link", "set", end, "up"));
            setup.add(List.of("ip", "-n", space, "addr", "add", m.getValue() + "/24", "dev", "eth0"));
            setup.add(List.of("ip", "-n", space, "link", "set", "eth0", "up"));
            setup.add(List.of("ip", "-n", space, "link", "set", "lo", "up"));
        }
        return new NetnsPlan(prefix, net + "0/24", bridge, clients, net + 2, spaces, addresses, setup);
    }
}
