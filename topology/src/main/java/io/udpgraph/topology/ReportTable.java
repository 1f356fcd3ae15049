package io.udpgraph.topology;

import java.util.Locale;
import java.util.Map;

/** Writes a {@link Report} as the plain-text table {@code topology run} prints. */
public final class ReportTable {
    private ReportTable() {
    }

    /** The report as lines of text, ending with a newline. */
    public static String of(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "experiment %s (%s): %.2f s%s%n", r.name(), r.mode(), r.seconds(),
                r.timedOut() ? ", stopped at the timeout" : ""));
        if (r.explained().interrupted()) {
            sb.append(String.format(Locale.ROOT, "  stopped by Ctrl-C (or SIGTERM): the counts cover the run until then%n"));
        }
        sb.append(String.format(Locale.ROOT, "  sent        %8d messages%s%n", r.sent(),
                r.unacknowledged() > 0 ? " (" + r.unacknowledged() + " PUTs without a reply)" : ""));
        if (r.resent() > 0) {
            sb.append(String.format(Locale.ROOT, "  resent      %8d messages (same ids, once the graph went quiet)%n",
                    r.resent()));
        }
        sb.append(String.format(Locale.ROOT, "  expected    %8d results%n", r.expected()));
        line(sb, "delivered", r.delivered(), r.expected());
        line(sb, "lost", r.lost(), r.expected());
        line(sb, "duplicated", r.duplicated(), r.expected());
        line(sb, "corrupted", r.corrupted(), r.expected());
        line(sb, "reordered", r.reordered(), r.expected());
        sb.append(String.format(Locale.ROOT, "  latency     p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n",
                r.latencyMs().p50(), r.latencyMs().p90(), r.latencyMs().p99(), r.latencyMs().max()));
        sb.append(String.format(Locale.ROOT, "  throughput  %.0f results/s%n", r.throughput()));
        sb.append(String.format(Locale.ROOT, "  result      %s%n", r.match() ? "match" : "nomatch"));
        for (RunExplanation.SourceSequences s : r.explained().sequences()) {
            seqs(sb, s.source(), "lost", s.lost());
            seqs(sb, s.source(), "duplicated", s.duplicated());
            seqs(sb, s.source(), "corrupted", s.corrupted());
        }
        if (!r.explained().faultPlan().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nfault plan%n"));
            for (RunExplanation.RouterPlan p : r.explained().faultPlan()) {
                sb.append(String.format(Locale.ROOT, "  %-14s in front of %-12s seed %-6d %s%n", p.router(), p.queue(),
                        p.seed(), p.faults()));
            }
        }
        if (!r.explained().marks().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nschedule%n"));
            for (TimelineMark m : r.explained().marks()) {
                sb.append(String.format(Locale.ROOT, "  %7.3f s  %s%n", m.atMillis() / 1000.0, m.label()));
            }
        }
        sb.append(String.format(Locale.ROOT, "%nnodes%n"));
        for (NodeCounters n : r.nodes()) {
            StringBuilder c = new StringBuilder();
            for (Map.Entry<String, Long> e : n.counters().entrySet()) {
                if (NodeCounters.isMessages(e.getKey())) {
                    continue;
                }
                if (e.getValue() != 0 || n.kind().equals("worker") && e.getKey().equals("in")) {
                    c.append(' ').append(e.getKey()).append('=').append(e.getValue());
                    long carried = n.messages(e.getKey());
                    if (n.kind().equals("router") && carried != e.getValue()) {
                        c.append(" (").append(carried).append(" msgs)");
                    }
                }
            }
            sb.append(String.format(Locale.ROOT, "  %-7s %-14s %-16s%s%n", n.kind(), n.name(), n.address(), c));
        }
        for (Map.Entry<String, Long> s : r.perSink().entrySet()) {
            sb.append(String.format(Locale.ROOT, "  sink    %-14s %-16s received=%d%n", s.getKey(), "", s.getValue()));
        }
        if (!r.checks().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nexpectations%n"));
            for (Report.Check c : r.checks()) {
                sb.append(String.format(Locale.ROOT, "  %-4s %-26s measured %s%n", c.passed() ? "ok" : "FAIL",
                        c.expectation(), c.shown()));
            }
        }
        return sb.toString();
    }

    private static void seqs(StringBuilder sb, String source, String what, SequenceNumbers n) {
        if (n.count() > 0) {
            sb.append(String.format(Locale.ROOT, "    %s %s: %s%n", source, what, n.ranges()));
        }
    }

    private static void line(StringBuilder sb, String what, long n, long of) {
        sb.append(String.format(Locale.ROOT, "  %-11s %8d  %6.2f %%%n", what, n, of == 0 ? 0.0 : 100.0 * n / of));
    }
}
