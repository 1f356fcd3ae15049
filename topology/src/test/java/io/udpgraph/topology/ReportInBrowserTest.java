package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report renders in a real browser: no script errors, and both charts draw data points and marks. */
class ReportInBrowserTest {
    private static final String LOSSY = """
            name: lossy
            queues:
              a: {}
              b: {}
            workers:
              up: {function: upper, inputs: [a], outputs: [b]}
            routers:
              r-out: {queue: b, clients: [up], faults: [drop 20%], seed: 7}
            sources:
              gen: {to: a, generator: {count: 200, size: 40}, guarantee: at-most-once}
            sinks:
              out: {from: b, guarantee: at-most-once}
            run: {quiet: 300ms}
            schedule:
              - {at: 100ms, change: r-out 1 drop 20%}
            """;

    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void aShortLossyRunsReportRendersWithoutScriptErrorsAndItsChartsHaveDataPointsAndItsScheduleStep() throws Exception {
        Path browser = HeadlessChromium.find().orElse(null);
        if (browser == null) {
            System.out.println("ReportInBrowserTest skipped: no chromium installed (.ci/run installs Debian's chromium)");
            Assumptions.abort("no chromium installed");
        }
        Path file = Files.writeString(tmp.resolve("lossy.yaml"), LOSSY);
        Topology t = TopologyFile.read(file);
        Experiment experiment = new Experiment(t, topology -> {
            try {
                return InProcessGraph.start(topology);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "in-process", new ByteArrayInputStream(new byte[0]), null);
        Report r = experiment.run();
        assertTrue(r.seconds() < 5, "a short run: " + r.seconds());
        assertEquals(List.of("change r-out 1 drop 20%"), r.explained().marks().stream().map(TimelineMark::label)
                .toList(), "the schedule's step is the run's one mark");
        Path html = tmp.resolve("report.html");
        ReportHtml.write(r, t, html);

        HeadlessChromium.Dump dump = HeadlessChromium.dumpDom(browser, html, tmp.resolve("profile"));
        String dom = dump.dom();
        assertTrue(dom.contains("id=\"chart-results\""), "the page loaded: " + dump.log());
        Matcher root = Pattern.compile("<html[^>]*>").matcher(dom);
        assertTrue(root.find(), dom);
        assertFalse(root.group().contains("data-script-errors"), "script errors: "
                + between(dom, "<pre id=\"script-errors\"", "</pre>"));
        assertFalse(dump.log().contains("Uncaught"), dump.log());
        for (String chart : List.of("chart-results", "chart-latency")) {
            Map<String, String> a = attributes(dom, chart);
            assertEquals("true", a.get("data-drawn"), chart + " was drawn: " + a);
            assertTrue(Integer.parseInt(a.getOrDefault("data-points", "0")) > 0, chart + " has data points: " + a);
            assertEquals("1", a.get("data-marks"), chart + " draws the schedule's step: " + a);
        }
        assertTrue(dom.contains("<canvas"), "uPlot drew on a canvas");
    }

    /** The attributes of the element with {@code id} in the dumped DOM. */
    private static Map<String, String> attributes(String dom, String id) {
        Matcher tag = Pattern.compile("<div[^>]*id=\"" + id + "\"[^>]*>").matcher(dom);
        assertTrue(tag.find(), "no element " + id);
        Matcher attr = Pattern.compile("([\\w-]+)=\"([^\"]*)\"").matcher(tag.group());
        Map<String, String> out = new java.util.HashMap<>();
        while (attr.find()) {
            out.put(attr.group(1), attr.group(2));
        }
        return out;
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        return a < 0 ? "" : s.substring(a, Math.max(a, s.indexOf(to, a)));
    }
}
