package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The command line: exit codes, check's messages, dot, and the reports it writes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CommandTest {

    @TempDir
    Path tmp;

    private Path write(String name, String yaml) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    private static final String SMALL = """
            queues:
              a: {}
              b: {}
            workers:
              up: {function: upper, inputs: [a], outputs: [b]}
            sources:
              gen: {to: a, generator: {count: 50, size: 40}}
            sinks:
              out: {from: b}
            """;

    @Test
    void aFailedExpectationExitsWithOne() throws Exception {
        Path f = write("fail.yaml", SMALL + "expect:\n  lost: 0\n  delivered: \"> 50\"\n");
        Runs.Result r = Runs.topology(tmp, "run", f.toString());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("FAIL delivered: \"> 50\"") || r.out().contains("FAIL delivered: > 50"), r.out());
        assertTrue(r.out().contains("ok   lost: 0"), r.out());
        assertTrue(r.err().contains("1 expectation(s) failed"), r.err());
    }

    @Test
    void expectationsThatHoldExitWithZero() throws Exception {
        Path f = write("ok.yaml", SMALL + "expect:\n  result: match\n  delivered: 50\n  p99_ms: \"< 60000\"\n");
        Runs.Result r = Runs.topology(tmp, "run", f.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
    }

    @Test
    void checkListsEveryMistakeWithItsLocationAndExitsWithTwo() throws Exception {
        Path f = write("bad.yaml", SMALL.replace("outputs: [b]", "outputs: [c]").replace("a: {}", "a: {port: 10777}")
                .replace("b: {}", "b: {port: 10777}"));
        Runs.Result r = Runs.topology(tmp, "check", f.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains(f + ":5:48: unknown queue 'c' as output of worker 'up'"), r.err());
        assertTrue(r.err().contains(f + ":3:13: port 10777 of queue 'b' is already used by queue 'a'"), r.err());
        assertTrue(r.err().contains("2 problems in"), r.err());
    }

    @Test
    void runRefusesABadFileWithTwoBeforeStartingAnything() throws Exception {
        Path f = write("bad.yaml", SMALL.replace("function: upper", "function: shout"));
        Runs.Result r = Runs.topology(tmp, "run", f.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown function 'shout'"), r.err());
    }

    @Test
    void runNetnsRefusesConnectorsBeforeTouchingTheMachine() throws Exception {
        Path f = java.nio.file.Files.writeString(tmp.resolve("fed.yaml"), """
                queues:
                  in: {}
                connectors:
                  feed: {kind: tcp-in, listen: 127.0.0.1:0, to: in}
                sinks:
                  out: {from: in}
                """);
        Runs.Result r = Runs.topology(tmp, "run", f.toString(), "--netns");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--netns does not run connectors yet: run this file with --processes"), r.err());
    }

    @Test
    void checkAcceptsEveryExample() throws Exception {
        for (String e : new String[] {"pong", "pipeline", "fan-out-fan-in", "chaos", "effectively-once",
            "effectively-once-hosts", "partition-and-crash", "partition-and-crash-at-most-once"}) {
            Runs.Result r = Runs.topology(tmp, "check", Runs.EXAMPLES.resolve(e + ".yaml").toString());
            assertEquals(0, r.exitCode(), e + ": " + r.err());
        }
    }

    @Test
    void dotDrawsEveryEdgeAndPutsRoutersOnTheirs() throws Exception {
        Runs.Result r = Runs.topology(tmp, "dot", Runs.EXAMPLES.resolve("chaos.yaml").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("digraph \"chaos\" {"), r.out());
        assertTrue(r.out().contains("\"gen\" -> \"r-in@gen\";"), r.out());
        assertTrue(r.out().contains("\"r-in@gen\" -> \"in\";"), r.out());
        assertTrue(r.out().contains("\"upper\" -> \"r-upper@upper\";"), r.out());
        assertTrue(r.out().contains("shape=diamond"), r.out());
    }

    @Test
    void dotWritesItsGraphThroughABufferedWriterWithoutAutoFlush() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        picocli.CommandLine cl = TopologyCommand.commandLine();
        cl.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(bytes, java.nio.charset.StandardCharsets.UTF_8)));
        int code = cl.execute("dot", Runs.EXAMPLES.resolve("pipeline.yaml").toString());
        assertEquals(0, code);
        String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(out.startsWith("digraph \"pipeline\" {") && out.strip().endsWith("}"), out);
    }

    @Test
    void theHtmlReportIsWellFormedXhtmlWithTheGraphAndChartsInline() throws Exception {
        Path html = tmp.resolve("report.html");
        Runs.Result r = Runs.topology(tmp, "run", Runs.EXAMPLES.resolve("pong.yaml").toString(), "--html", html.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(html.toFile());
        assertEquals("html", doc.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/1999/xhtml", doc.getDocumentElement().getNamespaceURI());
        assertEquals(1, doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength(), "the topology");
        String text = Files.readString(html);
        assertTrue(text.contains("id=\"chart-results\"") && text.contains("id=\"chart-latency\""),
                "two charts, drawn in the page (ReportInBrowserTest draws them in a browser)");
        assertTrue(text.matches("(?s).*window\\.REPORT = \\{\"x\":\\[[0-9].*"), "the charts carry their data points");
        assertTrue(!text.contains("http://") || !text.replace("http://www.w3.org/", "").contains("http://"),
                "nothing is fetched from the network");
        assertTrue(text.contains("player-1") && text.contains("table-2"), "the graph names the nodes");
    }

    @Test
    void theJsonReportCarriesTheCounts() throws Exception {
        Runs.Result r = Runs.topology(tmp, "run", write("small.yaml", SMALL).toString());
        assertEquals(50, r.report().get("delivered").asLong());
        assertEquals(3, r.report().get("nodes").size(), "two queues and a worker: " + r.report().get("nodes"));
    }
}
