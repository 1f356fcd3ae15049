package io.udpgraph.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's charts: results per second and latency over the run, drawn in the page by uPlot (inlined from
 * its webjar, so the page stays self-contained), with round-number ticks, the unit on the right axis, and
 * the run's {@link TimelineMark}s as dashed lines. The data travels in the page as one JSON object.
 */
final class ReportCharts {
    /** Where the uPlot webjar keeps its files. */
    static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";

    private ReportCharts() {
    }

    /** The stylesheet uPlot needs, for the page's head. */
    static String css() {
        return resource(UPLOT + "uPlot.min.css");
    }

    /** The chart elements, for the page's body. */
    static String elements() {
        return "<h2>Results per second</h2>\n<div class=\"chart\" id=\"chart-results\"></div>\n"
                + "<h2>Latency</h2>\n<div class=\"chart\" id=\"chart-latency\"></div>\n";
    }

    /** The scripts that draw the charts: uPlot, the report's data, and the drawing; for the end of the body. */
    static String scripts(Report r) {
        return script(resource(UPLOT + "uPlot.iife.min.js"))
                + script("window.REPORT = " + data(r) + ";")
                + script(resource("/io/udpgraph/topology/report-charts.js"));
    }

    /** The first script of the page: it records any script error on the page's root element and shows it. */
    static String errorCatcher() {
        return script("window.addEventListener('error', function (e) {"
                + " var root = document.documentElement;"
                + " var n = +(root.getAttribute('data-script-errors') || 0) + 1;"
                + " root.setAttribute('data-script-errors', String(n));"
                + " var p = document.getElementById('script-errors');"
                + " if (p) { p.textContent += (e.message || 'script error') + '\\n'; p.style.display = 'block'; }"
                + " });");
    }

    /**
     * The chart data as JSON: bucket centres in seconds, results per second and latency per bucket (null where a
     * bucket had no result, so the line breaks), the x range and the marks. A run whose results were too many to
     * keep one by one falls back to whole seconds.
     */
    static String data(Report r) {
        List<Report.Bucket> buckets = r.series();
        if (buckets.isEmpty()) {
            buckets = new ArrayList<>();
            for (Report.Second s : r.timeline()) {
                buckets.add(new Report.Bucket(s.second(), 1, s.results(), s.results(), s.p50Ms(), s.p99Ms()));
            }
        }
        List<Double> x = new ArrayList<>();
        List<Double> rate = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        double xMax = Math.max(r.seconds(), 0.01);
        for (Report.Bucket b : buckets) {
            x.add(b.startSeconds() + b.widthSeconds() / 2);
            rate.add(b.perSecond());
            p50.add(b.results() == 0 ? null : b.p50Ms());
            p99.add(b.results() == 0 ? null : b.p99Ms());
            xMax = Math.max(xMax, b.startSeconds() + b.widthSeconds());
        }
        for (TimelineMark m : r.explained().marks()) {
            xMax = Math.max(xMax, m.atMillis() / 1000.0);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("x", x);
        d.put("xMax", xMax);
        d.put("rate", rate);
        d.put("p50", p50);
        d.put("p99", p99);
        d.put("marks", r.explained().marks());
        try {
            // < > & escaped, so no text in the data can end the script or its CDATA section
            return new ObjectMapper().writeValueAsString(d).replace("<", "\\u003c").replace(">", "\\u003e")
                    .replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chart data did not serialise", e);
        }
    }

    /** A script element that reads the same as XML (in a CDATA section) and as HTML. */
    private static String script(String code) {
        if (code.contains("]]>")) {
            throw new IllegalStateException("a script must not contain ]]>");
        }
        return "<script>//<![CDATA[\n" + code + "\n//]]></script>\n";
    }

    static String resource(String path) {
        try (InputStream in = ReportCharts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the classpath: rebuild the topology module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
