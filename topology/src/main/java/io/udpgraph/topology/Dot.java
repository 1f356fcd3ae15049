package io.udpgraph.topology;

/**
 * Writes a topology as Graphviz dot: queues as boxes, workers as ellipses with their function, sources and
 * sinks as house shapes, and a router as a red diamond on each edge it covers, labelled with its faults.
 */
public final class Dot {
    private Dot() {
    }

    /** The whole graph, ready for {@code dot -Tsvg}. */
    public static String of(Topology t) {
        StringBuilder sb = new StringBuilder();
        sb.append("digraph \"").append(esc(t.name())).append("\" {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        for (Topology.Source s : t.sources().values()) {
            sb.append("  \"").append(esc(s.name())).append("\" [shape=house, label=\"").append(esc(s.name()))
                    .append("\\n").append(esc(sourceLabel(s))).append("\"];\n");
        }
        for (Topology.Queue q : t.queues().values()) {
            sb.append("  \"").append(esc(q.name())).append("\" [shape=box, label=\"").append(esc(q.name()))
                    .append(q.port() != 0 ? "\\n:" + q.port() : "").append("\"];\n");
        }
        for (Topology.Worker w : t.workers().values()) {
            sb.append("  \"").append(esc(w.name())).append("\" [shape=ellipse, label=\"").append(esc(w.name()))
                    .append("\\n").append(esc(w.label())).append(w.replicas() > 1 ? " x" + w.replicas() : "")
                    .append("\\n").append(esc(w.guarantee())).append("\"];\n");
        }
        for (Topology.Sink s : t.sinks().values()) {
            sb.append("  \"").append(esc(s.name())).append("\" [shape=invhouse];\n");
        }
        for (Topology.RouterOn r : t.routers().values()) {
            for (Topology.Edge e : t.edges()) {
                String client = t.queues().containsKey(e.from()) ? e.to() : e.from();
                String queue = t.queues().containsKey(e.from()) ? e.from() : e.to();
                if (queue.equals(r.queue()) && r.covers(client)) {
                    String id = r.name() + "@" + client;
                    sb.append("  \"").append(esc(id)).append("\" [shape=diamond, color=red, fontcolor=red, label=\"")
                            .append(esc(r.name())).append("\\n").append(esc(faults(r))).append("\"];\n");
                }
            }
        }
        for (Topology.Edge e : t.edges()) {
            String client = t.queues().containsKey(e.from()) ? e.to() : e.from();
            String queue = t.queues().containsKey(e.from()) ? e.from() : e.to();
            var router = t.routerBetween(client, queue);
            if (router.isPresent()) {
                String id = router.get().name() + "@" + client;
                sb.append("  \"").append(esc(e.from())).append("\" -> \"").append(esc(id)).append("\";\n");
                sb.append("  \"").append(esc(id)).append("\" -> \"").append(esc(e.to())).append("\";\n");
            } else {
                sb.append("  \"").append(esc(e.from())).append("\" -> \"").append(esc(e.to())).append("\";\n");
            }
        }
        return sb.append("}\n").toString();
    }

    static String sourceLabel(Topology.Source s) {
        return switch (s.kind()) {
            case GENERATOR -> s.count() + " x " + s.size() + " B" + (s.rate() > 0 ? " @ " + (long) s.rate() + "/s" : "");
            case MESSAGES -> s.messages().size() + " messages x " + s.count();
            case FILE -> "file " + s.file().getFileName();
            case STDIN -> "stdin";
        };
    }

    static String faults(Topology.RouterOn r) {
        StringBuilder sb = new StringBuilder();
        for (var f : r.faults()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(f.kind()).append(' ').append(f.value());
        }
        return sb.isEmpty() ? "no faults" : sb.toString();
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
