package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where --processes puts each node on this machine: at its host's address, which must be one of the machine's. */
class PlacementTest {

    private static Hosts hosts(String first, String second) {
        Map<String, String> addresses = new LinkedHashMap<>();
        addresses.put("a", first);
        addresses.put("b", second);
        return new Hosts(addresses, Map.of("q2", "b"));
    }

    @Test
    void aNodeIsBoundAndReachedAtItsHostsAddress() {
        Placement at = Placement.onThisMachine(hosts("127.0.0.2", "127.0.0.3"));
        assertEquals("127.0.0.3", at.address("q2"));
        assertEquals("127.0.0.2", at.address("q1"));
        assertEquals(List.of(), at.launcher("q2"));
    }

    @Test
    void hostsOnLoopbackNeedNoAllow() {
        assertEquals(List.of(), Placement.onThisMachine(hosts("127.0.0.2", "127.0.0.3")).allowed());
    }

    @Test
    void hostsElsewhereAreAllowedAsTheBlockThatCoversThemAll() {
        assertEquals(List.of("10.0.1.8/29"), Placement.onThisMachine(hosts("10.0.1.11", "10.0.1.13")).allowed());
        assertEquals(List.of("10.0.1.11/32"), Placement.onThisMachine(hosts("10.0.1.11", "127.0.0.1")).allowed());
    }

    @Test
    void theCoveringBlockOfFarApartAddressesIsWide() {
        assertEquals("0.0.0.0/0", Placement.covering(List.of(0x0A000001L, 0xC0A80001L)));
        assertEquals("192.168.0.0/23", Placement.covering(List.of(0xC0A80001L, 0xC0A801FEL)));
    }

    @Test
    void withoutHostsEveryNodeIsOnLoopbackAndAllowsNothingMore() {
        Placement at = Placement.onThisMachine(Hosts.NONE);
        assertEquals("127.0.0.1", at.address("q"));
        assertEquals(List.of(), at.allowed());
    }

    @Test
    void addressesOfThisMachineMayRunAsProcesses() {
        assertDoesNotThrow(() -> Placement.requireLocal(hosts("127.0.0.2", "127.0.0.3")));
    }

    @Test
    void anAddressOfAnotherMachineSaysToUseNetns() {
        // 198.51.100.0/24 is reserved for documentation; TEST-NET-2's .254 is no address of a test machine
        IOException e = assertThrows(IOException.class,
                () -> Placement.requireLocal(hosts("127.0.0.2", "198.51.100.254")));
        assertTrue(e.getMessage().startsWith("host 'b' at 198.51.100.254 is not an address of this machine"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--netns"), e.getMessage());
    }
}
