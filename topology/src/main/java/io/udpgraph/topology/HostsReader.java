package io.udpgraph.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a topology file's {@code hosts:} section (host name to address) and, with the {@code host:} values the
 * section reader noted in {@link Places}, makes the file's {@link Hosts}; mistakes go to the {@link FieldReader}.
 */
final class HostsReader {
    private static final String IPV4 = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}";
    private static final String DNS_NAME = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*";

    private HostsReader() {
    }

    /** The hosts: section and every node's host:, as read; a bad entry is left out with a problem. */
    static Hosts read(FieldReader f, Located.Mapping top, Places places) {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (Located.Entry e : f.section(top, "hosts")) {
            String address = FieldReader.text(e.value());
            if (!e.key().matches("[A-Za-z0-9_.-]+")) {
                f.problem(e.keyAt(), "the host name '" + e.key() + "' may use letters, digits, '_', '-' and '.' only");
                continue;
            }
            places.hosts.put(e.key(), e.keyAt()); // named, so a host: naming it is no second mistake
            if (address == null || !isAddress(address.strip())) {
                f.problem(e.value().at(), "host '" + e.key() + "' needs an address: an IPv4 address or a DNS name, "
                        + "e.g. " + e.key() + ": 10.0.0.11; got " + (address == null ? e.value().kind() : "'" + address + "'"));
            } else {
                addresses.put(e.key(), address.strip());
            }
        }
        Map<String, String> placed = new LinkedHashMap<>();
        places.hostRefs.forEach((node, host) -> placed.put(node, host.name()));
        return new Hosts(addresses, placed);
    }

    /** An IPv4 address, or a DNS name whose words are not all numbers (10.0.0.300 is a mistyped address). */
    private static boolean isAddress(String text) {
        return text.matches(IPV4) || text.matches(DNS_NAME) && !text.matches("[0-9.]+");
    }
}
