package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The --netns plan, computed without root: the subnet it picks, the names, addresses and commands. */
class NetnsPlannerTest {

    private static final String ADDR = """
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
                inet 127.0.0.1/8 scope host lo
                   valid_lft forever preferred_lft forever
            4: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc pfifo_fast state UP group default qlen 1000
                inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0
            """;
    private static final String ROUTE = """
            default via 192.0.2.1 dev eth0
            192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2
            """;
    private static final Hosts THREE = new Hosts(hosts("ingest", "10.0.1.11", "compute", "10.0.1.12",
            "egress", "10.0.1.13"), Map.of("out", "egress"));

    /** Host names and addresses, in the order given. */
    private static Map<String, String> hosts(String... nameThenAddress) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < nameThenAddress.length; i += 2) {
            out.put(nameThenAddress[i], nameThenAddress[i + 1]);
        }
        return out;
    }

    @Test
    void aMachineOutsideTheCandidatesGetsTheFirstOne() {
        assertEquals(Optional.of("10.213.0.0/24"), NetnsPlanner.chooseSubnet(ADDR, ROUTE));
    }

    @Test
    void anAddressInsideACandidateSkipsIt() {
        String addr = ADDR + "    inet 10.213.0.7/24 scope global eth1\n";
        assertEquals(Optional.of("10.213.1.0/24"), NetnsPlanner.chooseSubnet(addr, ROUTE));
    }

    @Test
    void aRouteCoveringEveryTenCandidateMovesToTheOneHundredSeventyTwoBlock() {
        String route = ROUTE + "10.0.0.0/8 via 192.0.2.9 dev eth0\n";
        assertEquals(Optional.of("172.29.0.0/24"), NetnsPlanner.chooseSubnet(ADDR, route));
    }

    @Test
    void theDefaultRouteOverlapsNothing() {
        assertEquals(Optional.of("10.213.0.0/24"), NetnsPlanner.chooseSubnet("", "default via 10.213.0.1 dev eth0\n"));
    }

    @Test
    void aLocalTableRouteIsReadAfterItsType() {
        String route = "local 10.213.0.0/17 dev eth1 proto kernel scope host\n";
        assertEquals(Optional.of("10.213.128.0/24"), NetnsPlanner.chooseSubnet("", route));
    }

    @Test
    void noFreeCandidateIsEmpty() {
        assertEquals(Optional.empty(), NetnsPlanner.chooseSubnet("", "10.0.0.0/8 dev a\n172.16.0.0/12 dev b\n"));
    }

    @Test
    void hostsGetAddressesFromElevenInFileOrderAndTheFeederTwo() {
        NetnsPlan p = NetnsPlanner.plan(THREE, "10.213.4.0/24", 4242);
        assertEquals(List.of("ingest", "compute", "egress"), List.copyOf(p.addresses().keySet()));
        assertEquals(List.of("10.213.4.11", "10.213.4.12", "10.213.4.13"), List.copyOf(p.addresses().values()));
        assertEquals("10.213.4.2", p.clientAddress());
        assertEquals("10.213.4.0/24", p.subnet());
    }

    @Test
    void everyNamespaceCarriesTheRunnersPrefix() {
        NetnsPlan p = NetnsPlanner.plan(THREE, "10.213.4.0/24", 4242);
        assertEquals(List.of("udpg-4242-h-ingest", "udpg-4242-h-compute", "udpg-4242-h-egress", "udpg-4242-clients",
                "udpg-4242-net"), p.namespaces());
        for (String space : p.namespaces()) {
            var m = NetnsPlanner.NAME.matcher(space);
            assertTrue(m.matches() && m.group(1).equals("4242"), space);
        }
    }

    @Test
    void theSetupAddsNoRouteAndNamesNoLinkLongerThanTheKernelAllows() {
        NetnsPlan p = NetnsPlanner.plan(THREE, "10.213.4.0/24", 4242);
        for (List<String> command : p.setup()) {
            assertEquals("ip", command.get(0));
            assertFalse(command.contains("route") || command.contains("default"), command.toString());
            int link = command.indexOf("link");
            if (link >= 0 && command.size() > link + 2) {
                assertTrue(command.get(link + 2).length() <= 15, command.toString());
            }
        }
    }

    @Test
    void eachMemberNamespaceIsJoinedToTheBridgeWithItsAddress() {
        NetnsPlan p = NetnsPlanner.plan(THREE, "10.213.4.0/24", 4242);
        assertTrue(p.setup().contains(List.of("ip", "-n", "udpg-4242-net", "link", "add", "v2", "type", "veth",
                "peer", "name", "eth0", "netns", "udpg-4242-h-compute")));
        assertTrue(p.setup().contains(List.of("ip", "-n", "udpg-4242-h-compute", "addr", "add", "10.213.4.12/24",
                "dev", "eth0")));
        assertTrue(p.setup().contains(List.of("ip", "-n", "udpg-4242-net", "link", "set", "v2", "master", "br0")));
    }

    @Test
    void aNodeRunsInItsHostsNamespaceAtItsHostsAddress() {
        Placement at = NetnsPlanner.plan(THREE, "10.213.4.0/24", 4242).placement(THREE);
        assertEquals("10.213.4.13", at.address("out"));
        assertEquals(List.of("ip", "netns", "exec", "udpg-4242-h-egress"), at.launcher("out"));
        assertEquals("10.213.4.11", at.address("in"), "an unplaced node is on the first host");
        assertEquals(List.of("10.213.4.0/24"), at.allowed());
    }

    @Test
    void aFileWithoutHostsRunsOnOneLocalHost() {
        NetnsPlan p = NetnsPlanner.plan(Hosts.NONE, "10.213.0.0/24", 7);
        assertEquals(Map.of(Hosts.LOCAL, "udpg-7-h-local"), p.spaces());
        assertEquals("10.213.0.11", p.placement(Hosts.NONE).address("anything"));
    }
}
