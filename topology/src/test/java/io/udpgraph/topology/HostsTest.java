package io.udpgraph.topology;

import static io.udpgraph.topology.FileProblems.only;
import static io.udpgraph.topology.FileProblems.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The hosts: section and host: placement: parsed, defaulted, and checked at their place in the file. */
class HostsTest {

    private static final String PLACED = """
            hosts:
              edge: 10.0.0.11
              core: 10.0.0.12
            queues:
              input: {port: 7000}
              output: {port: 7000, host: core}
            workers:
              up: {function: upper, inputs: [input], outputs: [output], host: core}
            routers:
              r: {queue: output, port: 7001}
            sources:
              gen: {to: input, generator: {count: 10}}
            sinks:
              out: {from: output}
            """;

    @Test
    void hostsAreReadInFileOrderWithTheirAddresses() throws TopologyException {
        Hosts h = parse(PLACED).hosts();
        assertTrue(h.given());
        assertEquals(List.of("edge", "core"), List.copyOf(h.addresses().keySet()));
        assertEquals("10.0.0.12", h.addressOf("output"));
        assertEquals("core", h.hostOf("up"));
    }

    @Test
    void aNodeWithoutHostRunsOnTheFirstHostListed() throws TopologyException {
        Hosts h = parse(PLACED).hosts();
        assertEquals("edge", h.defaultHost());
        assertEquals("edge", h.hostOf("input"));
        assertEquals("10.0.0.11", h.addressOf("r"));
    }

    @Test
    void withoutAHostsSectionEveryNodeIsOnTheLocalHostAtLoopback() throws TopologyException {
        Hosts h = parse(PLACED.replace("""
                hosts:
                  edge: 10.0.0.11
                  core: 10.0.0.12
                """, "").replace(", host: core", "").replace("port: 7000}", "}")).hosts();
        assertFalse(h.given());
        assertEquals(Hosts.LOCAL, h.hostOf("output"));
        assertEquals("127.0.0.1", h.addressOf("output"));
    }

    @Test
    void oneNumberOfPortOnTwoHostsIsNoClash() throws TopologyException {
        Topology t = parse(PLACED);
        assertEquals(7000, t.queues().get("input").port());
        assertEquals(7000, t.queues().get("output").port());
    }

    @Test
    void aMisspeltHostIsReportedAtItsValueWithTheNearestHost() {
        TopologyProblem p = only(PLACED.replace("host: core}\nworkers", "host: cor}\nworkers"));
        assertEquals(6, p.line());
        assertEquals(30, p.column());
        assertTrue(p.message().startsWith("unknown host 'cor' of 'output' (did you mean core?): the hosts are edge, "
                + "core"), p.message());
    }

    @Test
    void aHostWithoutAHostsSectionSaysToListIt() {
        TopologyProblem p = only(PLACED.replace("""
                hosts:
                  edge: 10.0.0.11
                  core: 10.0.0.12
                """, "").replace("port: 7000, host: core}", "host: core}").replace(", host: core}\nrouters",
                "}\nrouters"));
        assertTrue(p.message().contains("unknown host 'core' of 'output': list it under hosts: with its address"),
                p.message());
    }

    @Test
    void twoNodesOnOneHostAndPortAreReportedAtTheSecondsPort() {
        TopologyProblem p = only(PLACED.replace("r: {queue: output, port: 7001}", "r: {queue: output, port: 7000}"));
        assertEquals(10, p.line());
        assertEquals(28, p.column());
        assertTrue(p.message().contains("port 7000 of router 'r' on host 'edge' (10.0.0.11) is already used by "
                + "queue 'input'"), p.message());
    }

    @Test
    void twoHostNamesForOneAddressShareItsPorts() {
        TopologyProblem p = only(PLACED.replace("core: 10.0.0.12", "core: 10.0.0.11"));
        assertTrue(p.message().contains("port 7000 of queue 'output' on host 'core' (10.0.0.11) is already used by "
                + "queue 'input'"), p.message());
    }

    @Test
    void aHostNeedsAnAddress() {
        TopologyProblem p = only(PLACED.replace("core: 10.0.0.12", "core: 10.0.0.300"));
        assertEquals(3, p.line());
        assertTrue(p.message().startsWith("host 'core' needs an address: an IPv4 address or a DNS name"), p.message());
    }

    @Test
    void aSourceTakesNoHost() {
        TopologyProblem p = only(PLACED.replace("gen: {to: input,", "gen: {host: edge, to: input,"));
        assertTrue(p.message().startsWith("unknown key 'host' in source 'gen'"), p.message());
    }
}
