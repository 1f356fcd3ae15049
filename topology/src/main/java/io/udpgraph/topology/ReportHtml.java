package io.udpgraph.topology;

import io.udpgraph.router.Action;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link Report} as one self-contained XHTML page (well-formed XML; nothing fetched from the network,
 * its chart library inlined): the summary, the expectations, the fault plan and seeds, the topology laid out by
 * ELK, which sequence numbers were lost, duplicated or corrupted, every node's counters with each router's as
 * a direction x action table of datagrams and messages, and charts of results and latency over the run.
 */
public final class ReportHtml {
    private static final String[] DIRECTIONS = {"up", "down"};

    private ReportHtml() {
    }

    /** Writes the page to {@code file}. */
    public static void write(Report r, Topology t, Path file) throws IOException {
        Files.writeString(file, of(r, t), StandardCharsets.UTF_8);
    }

    /** The page as text. */
    public static String of(Report r, Topology t) {
        StringBuilder sb = new StringBuilder(131_072);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n")
                .append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"UTF-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>").append(esc("udpgraph experiment " + r.name())).append("</title>\n")
                .append(ReportCharts.errorCatcher())
                .append("<style>/*<![CDATA[*/\n").append(ReportCharts.css()).append('\n')
                .append("body{font-family:Helvetica,Arial,sans-serif;margin:2em;color:#222;max-width:1200px}")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}.ok{color:#070}.fail{color:#b00;")
                .append("font-weight:bold}svg text{font-family:Helvetica,Arial,sans-serif}.chart{margin:0 0 1.5em}")
                .append("#script-errors{display:none;color:#b00}code{word-break:break-word}\n/*]]>*/</style>\n")
                .append("</head>\n<body>\n<pre id=\"script-errors\"></pre>\n");
        sb.append("<h1>").append(esc(r.name())).append(" <small>(").append(esc(r.mode())).append(")</small></h1>\n");
        sb.append("<p>").append(r.match() ? "<span class=\"ok\">match</span>" : "<span class=\"fail\">nomatch</span>")
                .append(": ").append(r.delivered()).append(" of ").append(r.expected()).append(" expected results delivered in ")
                .append(fmt(r.seconds())).append(" s").append(r.timedOut() ? " (stopped at the timeout)" : "")
                .append(r.explained().interrupted() ? " (stopped by Ctrl-C: a partial report)" : "").append(".</p>\n");
        summary(sb, r);
        if (!r.checks().isEmpty()) {
            sb.append("<h2>Expectations</h2>\n<table>\n<tr><th class=\"l\">expectation</th><th>measured</th><th>held</th></tr>\n");
            for (Report.Check c : r.checks()) {
                sb.append("<tr><td class=\"l\">").append(esc(c.expectation())).append("</td><td>")
                        .append(esc(c.shown())).append("</td><td class=\"").append(c.passed() ? "ok" : "fail")
                        .append("\">").append(c.passed() ? "yes" : "no").append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        faultPlan(sb, r.explained());
        sb.append("<h2>Topology</h2>\n").append(TopologyDrawing.svg(t));
        sequences(sb, r.explained());
        sb.append(ReportCharts.elements());
        nodes(sb, r);
        routers(sb, r.nodes());
        sb.append("<p><small>udpgraph topology report; one self-contained page.</small></p>\n")
                .append(ReportCharts.scripts(r)).append("</body>\n</html>\n");
        return sb.toString();
    }

    private static void summary(StringBuilder sb, Report r) {
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
    }

    private static void faultPlan(StringBuilder sb, RunExplanation x) {
        sb.append("<h2>Fault plan</h2>\n");
        if (x.faultPlan().isEmpty()) {
            sb.append("<p>No routers: no faults were injected.</p>\n");
        } else {
            sb.append("<table>\n<tr><th class=\"l\">router</th><th class=\"l\">in front of</th><th class=\"l\">for</th>")
                    .append("<th class=\"l\">faults</th><th>seed</th></tr>\n");
            for (RunExplanation.RouterPlan p : x.faultPlan()) {
                sb.append("<tr><td class=\"l\">").append(esc(p.router())).append("</td><td class=\"l\">")
                        .append(esc(p.queue())).append("</td><td class=\"l\">")
                        .append(esc(p.clients().isEmpty() ? "every client" : String.join(", ", p.clients())))
                        .append("</td><td class=\"l\">").append(esc(p.faults())).append("</td><td>").append(p.seed())
                        .append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        if (!x.marks().isEmpty()) {
            sb.append("<h3>Timeline</h3>\n<table>\n<tr><th>at</th><th class=\"l\">step</th></tr>\n");
            for (TimelineMark m : x.marks()) {
                sb.append("<tr><td>").append(fmt(m.atMillis() / 1000.0)).append(" s</td><td class=\"l\">")
                        .append(esc(m.label())).append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
    }

    private static void sequences(StringBuilder sb, RunExplanation x) {
        if (x.sequences().isEmpty() && x.corruptedUnread() == 0) {
            return;
        }
        sb.append("<h2>Sequence numbers</h2>\n<p>Each source's sequence numbers (the number in its generated "
                + "messages, or the line number from 0) whose result did not arrive exactly once and unchanged.</p>\n")
                .append("<table>\n<tr><th class=\"l\">source</th><th class=\"l\">what</th><th>count</th>")
                .append("<th class=\"l\">ranges</th><th class=\"l\">first ")
                .append(SequenceNumbers.FIRST).append("</th></tr>\n");
        for (RunExplanation.SourceSequences s : x.sequences()) {
            seqRow(sb, s.source(), "lost", s.lost());
            seqRow(sb, s.source(), "duplicated", s.duplicated());
            seqRow(sb, s.source(), "corrupted", s.corrupted());
        }
        sb.append("</table>\n");
        if (x.corruptedUnread() > 0) {
            sb.append("<p>").append(x.corruptedUnread())
                    .append(" corrupted results were garbled past reading their source and sequence number.</p>\n");
        }
    }

    private static void seqRow(StringBuilder sb, String source, String what, SequenceNumbers n) {
        if (n.count() == 0) {
            return;
        }
        StringBuilder first = new StringBuilder();
        for (long v : n.first()) {
            first.append(first.isEmpty() ? "" : " ").append(v);
        }
        sb.append("<tr><td class=\"l\">").append(esc(source)).append("</td><td class=\"l\">").append(what)
                .append("</td><td>").append(n.count()).append("</td><td class=\"l\"><code>").append(esc(n.ranges()))
                .append("</code></td><td class=\"l\"><code>").append(first).append("</code></td></tr>\n");
    }

    private static void nodes(StringBuilder sb, Report r) {
        sb.append("<h2>Nodes</h2>\n<table>\n<tr><th class=\"l\">kind</th><th class=\"l\">node</th><th class=\"l\">address</th>")
                .append("<th class=\"l\">counters</th></tr>\n");
        for (NodeCounters n : r.nodes()) {
            if (n.kind().equals("router")) {
                continue;
            }
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
    }

    /** Each router's counters: a row per action it met, datagrams and the messages they carried per direction. */
    private static void routers(StringBuilder sb, List<NodeCounters> nodes) {
        for (NodeCounters n : nodes) {
            if (!n.kind().equals("router")) {
                continue;
            }
            sb.append("<h3>Router ").append(esc(n.name())).append(" <small>").append(esc(n.address()))
                    .append("</small></h3>\n<table>\n<tr><th class=\"l\" rowspan=\"2\">action</th>")
                    .append("<th colspan=\"2\">up (client to queue)</th><th colspan=\"2\">down (queue to client)</th></tr>\n")
                    .append("<tr><th>datagrams</th><th>messages</th><th>datagrams</th><th>messages</th></tr>\n");
            for (Action a : Action.values()) {
                long any = 0;
                for (String d : DIRECTIONS) {
                    any += n.get(d + "." + a.word()) + n.messages(d + "." + a.word());
                }
                if (any == 0) {
                    continue;
                }
                sb.append("<tr><td class=\"l\">").append(a.word()).append("</td>");
                for (String d : DIRECTIONS) {
                    sb.append("<td>").append(n.get(d + "." + a.word())).append("</td><td>")
                            .append(n.messages(d + "." + a.word())).append("</td>");
                }
                sb.append("</tr>\n");
            }
            sb.append("</table>\n");
        }
    }

    private static void row(StringBuilder sb, String what, long n, long of) {
        sb.append("<tr><td class=\"l\">").append(what).append("</td><td>").append(n).append("</td><td>")
                .append(of < 0 ? "" : of == 0 ? "-" : fmt(100.0 * n / of) + " %").append("</td></tr>\n");
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
