package io.udpgraph.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Draws a topology as inline SVG laid out by ELK's layered algorithm: data flows left to right, nodes in
 * columns, few crossings, edges routed around boxes. A router is a node of its own on each edge it covers,
 * with its faults written under its name (not hidden in a tooltip). The SVG takes its container's width and
 * keeps its proportions, so a wide graph shrinks instead of being cut off.
 */
final class TopologyDrawing {
    private static final double CHAR_W = 7.2;
    private static final double NODE_H = 46;

    private TopologyDrawing() {
    }

    /** One box to draw: its kind decides the colours. */
    private record Box(String title, String detail, String kind) {
        double width() {
            return Math.max(110, 24 + CHAR_W * Math.max(title.length(), detail.length()));
        }
    }

    /** The SVG element. */
    static String svg(Topology t) {
        ensureLayered();
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        root.setProperty(CoreOptions.SPACING_NODE_NODE, 24.0);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 40.0);
        root.setProperty(CoreOptions.PADDING, new org.eclipse.elk.core.math.ElkPadding(12));
        Map<String, ElkNode> nodes = new LinkedHashMap<>();
        Map<ElkNode, Box> boxes = new LinkedHashMap<>();
        for (Topology.Source s : t.sources().values()) {
            add(root, nodes, boxes, s.name(), new Box(s.name(), Dot.sourceLabel(s), "source"));
        }
        for (Topology.Queue q : t.queues().values()) {
            add(root, nodes, boxes, q.name(), new Box(q.name(), "queue" + (q.port() != 0 ? " :" + q.port() : ""), "queue"));
        }
        for (Topology.Worker w : t.workers().values()) {
            add(root, nodes, boxes, w.name(), new Box(w.name(), w.label() + (w.replicas() > 1 ? " x" + w.replicas() : ""),
                    "worker"));
        }
        for (Topology.Sink s : t.sinks().values()) {
            add(root, nodes, boxes, s.name(), new Box(s.name(), "sink", "sink"));
        }
        for (Topology.Edge e : t.edges()) {
            ElkNode from = nodes.get(e.from());
            ElkNode to = nodes.get(e.to());
            if (from == null || to == null) {
                continue;
            }
            String client = t.queues().containsKey(e.from()) ? e.to() : e.from();
            String queue = t.queues().containsKey(e.from()) ? e.from() : e.to();
            var router = t.routerBetween(client, queue);
            if (router.isPresent()) {
                String id = router.get().name() + "@" + client;
                ElkNode r = nodes.get(id);
                if (r == null) {
                    r = add(root, nodes, boxes, id, new Box(router.get().name(), Dot.faults(router.get()), "router"));
                }
                ElkGraphUtil.createSimpleEdge(from, r);
                ElkGraphUtil.createSimpleEdge(r, to);
            } else {
                ElkGraphUtil.createSimpleEdge(from, to);
            }
        }
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
        return render(root, boxes);
    }

    private static ElkNode add(ElkNode root, Map<String, ElkNode> nodes, Map<ElkNode, Box> boxes, String id, Box box) {
        ElkNode n = ElkGraphUtil.createNode(root);
        n.setIdentifier(id);
        n.setDimensions(box.width(), NODE_H);
        nodes.put(id, n);
        boxes.put(n, box);
        return n;
    }

    private static String render(ElkNode root, Map<ElkNode, Box> boxes) {
        long w = Math.round(Math.ceil(root.getWidth()));
        long h = Math.round(Math.ceil(root.getHeight()));
        StringBuilder sb = new StringBuilder(8192);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"topology\" width=\"100%\" viewBox=\"0 0 ")
                .append(w).append(' ').append(h).append("\" preserveAspectRatio=\"xMinYMin meet\" style=\"max-width:")
                .append(w).append("px\">\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" ")
                .append("markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" ")
                .append("fill=\"#555\"/></marker></defs>\n");
        for (ElkEdge e : root.getContainedEdges()) {
            for (ElkEdgeSection s : e.getSections()) {
                sb.append("<polyline fill=\"none\" stroke=\"#555\" marker-end=\"url(#arrow)\" points=\"")
                        .append(num(s.getStartX())).append(',').append(num(s.getStartY()));
                for (ElkBendPoint b : s.getBendPoints()) {
                    sb.append(' ').append(num(b.getX())).append(',').append(num(b.getY()));
                }
                sb.append(' ').append(num(s.getEndX())).append(',').append(num(s.getEndY())).append("\"/>\n");
            }
        }
        for (Map.Entry<ElkNode, Box> e : boxes.entrySet()) {
            ElkNode n = e.getKey();
            Box b = e.getValue();
            String[] style = switch (b.kind()) {
                case "queue" -> new String[] {"#eef", "#444", "3"};
                case "worker" -> new String[] {"#efe", "#444", "20"};
                case "source" -> new String[] {"#ffe", "#444", "3"};
                case "router" -> new String[] {"#fee", "#c00", "8"};
                default -> new String[] {"#fef", "#444", "3"};
            };
            double cx = n.getX() + n.getWidth() / 2;
            sb.append("<g class=\"").append(b.kind()).append("\"><rect x=\"").append(num(n.getX())).append("\" y=\"")
                    .append(num(n.getY())).append("\" width=\"").append(num(n.getWidth())).append("\" height=\"")
                    .append(num(n.getHeight())).append("\" rx=\"").append(style[2]).append("\" fill=\"").append(style[0])
                    .append("\" stroke=\"").append(style[1]).append("\"/><text x=\"").append(num(cx)).append("\" y=\"")
                    .append(num(n.getY() + 19)).append("\" font-size=\"13\" text-anchor=\"middle\"")
                    .append(b.kind().equals("router") ? " fill=\"#c00\"" : "").append('>')
                    .append(ReportHtml.esc(b.title())).append("</text><text x=\"").append(num(cx)).append("\" y=\"")
                    .append(num(n.getY() + 36)).append("\" font-size=\"11\" fill=\"")
                    .append(b.kind().equals("router") ? "#c00" : "#555").append("\" text-anchor=\"middle\">")
                    .append(ReportHtml.esc(b.detail())).append("</text></g>\n");
        }
        return sb.append("</svg>\n").toString();
    }

    /** Registers the layered algorithm when the service files were lost (a shaded jar without them). */
    private static synchronized void ensureLayered() {
        LayoutMetaDataService service = LayoutMetaDataService.getInstance();
        if (service.getAlgorithmData(LayeredOptions.ALGORITHM_ID) == null) {
            service.registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
        }
    }

    private static String num(double v) {
        return String.valueOf(Math.round(v * 10) / 10.0);
    }
}
