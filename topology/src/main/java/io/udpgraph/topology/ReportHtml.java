package io.udpgraph.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link Report} as one self-contained XHTML page (well-formed XML, no scripts, nothing fetched
 * from the network): the summary, the expectations, the topology drawn as inline SVG, every node's
 * counters, and results per second and latency per second as inline SVG charts.
 */
public final class ReportHtml {
    private static final int BOX_W = 130;
    private static final int BOX_H = 44;
    private static final int COL_W = 190;
    private static final int ROW_H = 80;

    private ReportHtml() {
    }

    /** Writes the page to {@code file}. */
    public static void write(Report r, Topology t, Path file) throws IOException {
        Files.writeString(file, of(r, t), StandardCharsets.UTF_8);
    }

    /** The page as text. */
    public static String of(Report r, Topology t) {
        StringBuilder sb = new StringBuilder(32_768);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n")
                .append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"UTF-8\"/>\n")
                .append("<title>").append(esc("udpgraph experiment " + r.name())).append("</title>\n<style>\n")
                .append("body{font-family:Helvetica,Arial,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}.ok{color:#070}.fail{color:#b00;")
                .append("font-weight:bold}svg text{font-family:Helvetica,Arial,sans-serif}\n</style>\n</head>\n<body>\n");
        sb.append("<h1>").append(esc(r.name())).append(" <small>(").append(esc(r.mode())).append(")</small></h1>\n");
        sb.append("<p>").append(r.match() ? "<span class=\"ok\">match</span>" : "<span class=\"fail\">nomatch</span>")
                .append(": ").append(r.delivered()).append(" of ").append(r.expected()).append(" expected results delivered in ")
                .append(fmt(r.seconds())).append(" s").append(r.timedOut() ? " (stopped at the timeout)" : "").append(".</p>\n");

        sb.append("<h2>Summary</h2>\n<table>\n<tr><th class=\"l\">measure</th><th>value</th><th>of expected</th></tr>\n");
        row(sb, "sent", r.sent(), -1);
        row(sb, "PUTs without a reply", r.unacknowledged(), -1);
        row(sb, "resent (same ids)", r.resent(), -1);
        row(sb, "expected", r.expected(), -1);
        row(sb, "delivered", r.delivered(), r.expected());
        row(sb, "lost", r.lost(), r.expected());
        row(sb, "duplicated", r.duplicated(), r.expected());
        row(sb, "corrupted", r.corrupted(), r.expected());
        row(sb, "reordered", r.reordered(), r.expected());
        sb.append("<tr><td class=\"l\">latency p50 / p90 / p99 / max</td><td>")
                .append(fmt(r.latencyMs().p50())).append(" / ").append(fmt(r.latencyMs().p90())).append(" / ")
                .append(fmt(r.latencyMs().p99())).append(" / ").append(fmt(r.latencyMs().max()))
                .append(" ms</td><td></td></tr>\n");
        sb.append("<tr><td class=\"l\">throughput</td><td>").append(fmt(r.throughput()))
                .append(" results/s</td><td></td></tr>\n</table>\n");

        if (!r.checks().isEmpty()) {
            sb.append("<h2>Expectations</h2>\n<table>\n<tr><th class=\"l\">expectation</th><th>measured</th><th>held</th></tr>\n");
            for (Report.Check c : r.checks()) {
                sb.append("<tr><td class=\"l\">").append(esc(c.expectation())).append("</td><td>")
                        .append(esc(c.shown())).append("</td><td class=\"").append(c.passed() ? "ok" : "fail")
                        .append("\">").append(c.passed() ? "yes" : "no").append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }

        sb.append("<h2>Topology</h2>\n");
        graph(sb, t);

        sb.append("<h2>Nodes</h2>\n<table>\n<tr><th class=\"l\">kind</th><th class=\"l\">node</th><th class=\"l\">address</th>")
                .append("<th class=\"l\">counters</th></tr>\n");
        for (NodeCounters n : r.nodes()) {
            StringBuilder c = new StringBuilder();
            for (Map.Entry<String, Long> e : n.counters().entrySet()) {
                if (e.getValue() != 0) {
                    c.append(e.getKey()).append('=').append(e.getValue()).append("  ");
                }
            }
            sb.append("<tr><td class=\"l\">").append(esc(n.kind())).append("</td><td class=\"l\">").append(esc(n.name()))
                    .append("</td><td class=\"l\">").append(esc(n.address())).append("</td><td class=\"l\">")
                    .append(esc(c.toString().strip())).append("</td></tr>\n");
        }
        for (Map.Entry<String, Long> s : r.perSink().entrySet()) {
            sb.append("<tr><td class=\"l\">sink</td><td class=\"l\">").append(esc(s.getKey()))
                    .append("</td><td class=\"l\"></td><td class=\"l\">received=").append(s.getValue()).append("</td></tr>\n");
        }
        sb.append("</table>\n");

        sb.append("<h2>Results per second</h2>\n");
        List<double[]> counts = new ArrayList<>();
        for (Report.Second s : r.timeline()) {
            counts.add(new double[] {s.second(), s.results()});
        }
        chart(sb, Map.of("results", counts), "results/s", "#36c");
        sb.append("<h2>Latency per second</h2>\n");
        Map<String, List<double[]>> lat = new LinkedHashMap<>();
        lat.put("p50", new ArrayList<>());
        lat.put("p99", new ArrayList<>());
        for (Report.Second s : r.timeline()) {
            if (s.results() > 0) {
                lat.get("p50").add(new double[] {s.second(), s.p50Ms()});
                lat.get("p99").add(new double[] {s.second(), s.p99Ms()});
            }
        }
        chart(sb, lat, "ms", null);
        sb.append("<p><small>udpgraph topology report; one self-contained page.</small></p>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String what, long n, long of) {
        sb.append("<tr><td class=\"l\">").append(what).append("</td><td>").append(n).append("</td><td>")
                .append(of < 0 ? "" : of == 0 ? "-" : fmt(100.0 * n / of) + " %").append("</td></tr>\n");
    }

    /** Columns by depth (sources, their queues, the workers reading them, …), rows in file order. */
    private static void graph(StringBuilder sb, Topology t) {
        Map<String, Integer> level = new LinkedHashMap<>();
        for (String s : t.sources().keySet()) {
            level.put(s, 0);
        }
        List<Topology.Edge> edges = t.edges();
        for (int pass = 0; pass < t.queues().size() + t.workers().size() + 4; pass++) {
            for (Topology.Edge e : edges) {
                int from = level.getOrDefault(e.from(), 0);
                if (level.getOrDefault(e.to(), -1) < from + 1) {
                    level.put(e.to(), Math.min(from + 1, 64));
                }
            }
        }
        for (String q : t.queues().keySet()) {
            level.putIfAbsent(q, 1);
        }
        for (String w : t.workers().keySet()) {
            level.putIfAbsent(w, 2);
        }
        Map<Integer, Integer> rows = new HashMap<>();
        Map<String, int[]> pos = new LinkedHashMap<>();
        int maxLevel = 0;
        int maxRow = 0;
        for (Map.Entry<String, Integer> e : level.entrySet()) {
            int row = rows.merge(e.getValue(), 1, Integer::sum) - 1;
            pos.put(e.getKey(), new int[] {20 + e.getValue() * COL_W, 20 + row * ROW_H});
            maxLevel = Math.max(maxLevel, e.getValue());
            maxRow = Math.max(maxRow, row);
        }
        int w = 40 + (maxLevel + 1) * COL_W;
        int h = 40 + (maxRow + 1) * ROW_H;
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\">\n")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" ")
                .append("markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n");
        for (Topology.Edge e : edges) {
            int[] a = pos.get(e.from());
            int[] b = pos.get(e.to());
            if (a == null || b == null) {
                continue;
            }
            int x1 = a[0] + BOX_W;
            int y1 = a[1] + BOX_H / 2;
            int x2 = b[0];
            int y2 = b[1] + BOX_H / 2;
            sb.append("<line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2)
                    .append("\" y2=\"").append(y2).append("\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>\n");
            String client = t.queues().containsKey(e.from()) ? e.to() : e.from();
            String queue = t.queues().containsKey(e.from()) ? e.from() : e.to();
            var router = t.routerBetween(client, queue);
            if (router.isPresent()) {
                int mx = (x1 + x2) / 2;
                int my = (y1 + y2) / 2;
                sb.append("<g><title>").append(esc(router.get().name() + ": " + Dot.faults(router.get())))
                        .append("</title><polygon points=\"").append(mx).append(',').append(my - 9).append(' ')
                        .append(mx + 9).append(',').append(my).append(' ').append(mx).append(',').append(my + 9).append(' ')
                        .append(mx - 9).append(',').append(my).append("\" fill=\"#fdd\" stroke=\"#c00\"/>")
                        .append("<text x=\"").append(mx).append("\" y=\"").append(my - 12)
                        .append("\" font-size=\"10\" fill=\"#c00\" text-anchor=\"middle\">").append(esc(router.get().name()))
                        .append("</text></g>\n");
            }
        }
        for (Map.Entry<String, int[]> e : pos.entrySet()) {
            String name = e.getKey();
            int x = e.getValue()[0];
            int y = e.getValue()[1];
            String fill;
            String detail;
            if (t.queues().containsKey(name)) {
                fill = "#eef";
                detail = "queue";
            } else if (t.workers().containsKey(name)) {
                Topology.Worker wk = t.workers().get(name);
                fill = "#efe";
                detail = wk.label() + (wk.replicas() > 1 ? " x" + wk.replicas() : "");
            } else if (t.sources().containsKey(name)) {
                fill = "#ffe";
                detail = Dot.sourceLabel(t.sources().get(name));
            } else {
                fill = "#fef";
                detail = "sink";
            }
            int rx = t.workers().containsKey(name) ? 20 : 3;
            sb.append("<g><rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(BOX_W)
                    .append("\" height=\"").append(BOX_H).append("\" rx=\"").append(rx).append("\" fill=\"").append(fill)
                    .append("\" stroke=\"#444\"/><text x=\"").append(x + BOX_W / 2).append("\" y=\"").append(y + 18)
                    .append("\" font-size=\"13\" text-anchor=\"middle\">").append(esc(name)).append("</text><text x=\"")
                    .append(x + BOX_W / 2).append("\" y=\"").append(y + 34)
                    .append("\" font-size=\"10\" fill=\"#555\" text-anchor=\"middle\">").append(esc(shorten(detail, 24)))
                    .append("</text></g>\n");
        }
        sb.append("</svg>\n");
    }

    /** A line chart of one or more series of (second, value) points, with axes and a legend. */
    private static void chart(StringBuilder sb, Map<String, List<double[]>> series, String unit, String onlyColour) {
        int w = 640;
        int h = 220;
        int left = 60;
        int bottom = 30;
        double maxX = 1;
        double maxY = 0;
        for (List<double[]> s : series.values()) {
            for (double[] p : s) {
                maxX = Math.max(maxX, p[0] + 1);
                maxY = Math.max(maxY, p[1]);
            }
        }
        if (maxY <= 0) {
            maxY = 1;
        }
        double mx = maxX;
        double my = maxY * 1.1;
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\">\n");
        int plotW = w - left - 20;
        int plotH = h - bottom - 20;
        sb.append("<line x1=\"").append(left).append("\" y1=\"").append(20 + plotH).append("\" x2=\"").append(left + plotW)
                .append("\" y2=\"").append(20 + plotH).append("\" stroke=\"#444\"/>\n");
        sb.append("<line x1=\"").append(left).append("\" y1=\"20\" x2=\"").append(left).append("\" y2=\"").append(20 + plotH)
                .append("\" stroke=\"#444\"/>\n");
        for (int i = 0; i <= 4; i++) {
            double v = my * i / 4;
            int y = (int) (20 + plotH - plotH * i / 4.0);
            sb.append("<text x=\"").append(left - 6).append("\" y=\"").append(y + 4)
                    .append("\" font-size=\"10\" text-anchor=\"end\">").append(fmt(v)).append("</text>\n");
        }
        sb.append("<text x=\"").append(left + plotW / 2).append("\" y=\"").append(h - 5)
                .append("\" font-size=\"11\" text-anchor=\"middle\">seconds since the start (").append(esc(unit))
                .append(")</text>\n");
        String[] colours = {"#36c", "#c33", "#393", "#c90"};
        int c = 0;
        for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
            String colour = onlyColour != null ? onlyColour : colours[c % colours.length];
            StringBuilder points = new StringBuilder();
            for (double[] p : s.getValue()) {
                double x = left + plotW * (p[0] + 0.5) / mx;
                double y = 20 + plotH - plotH * p[1] / my;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            if (!points.isEmpty()) {
                sb.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"")
                        .append(points.toString().strip()).append("\"/>\n");
            }
            sb.append("<text x=\"").append(left + 10 + 70 * c).append("\" y=\"14\" font-size=\"11\" fill=\"").append(colour)
                    .append("\">").append(esc(s.getKey())).append("</text>\n");
            c++;
        }
        sb.append("</svg>\n");
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v);
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> {
                    // characters XML 1.0 forbids are left out rather than break the page
                    if (ch >= 0x20 || ch == '\n' || ch == '\t') {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }
}
