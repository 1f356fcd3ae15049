package io.udpgraph.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one node counted during a run, read from its Prometheus metrics: {@code puts}, {@code gets}, … for a
 * queue, {@code in}, {@code out}, … for a worker, {@code up.dropped}, {@code down.garbled}, … for a router.
 *
 * @param name     the node's name in the topology (a worker replica is {@code name#2})
 * @param kind     queue, worker or router
 * @param address  where it listens, or empty for a worker
 * @param counters counter name to value, in a stable order
 */
public record NodeCounters(String name, String kind, String address, Map<String, Long> counters) {
    /** The suffix of a router counter of messages: {@code up.dropped.messages} beside {@code up.dropped}. */
    static final String MESSAGES = ".messages";

    public NodeCounters {
        counters = new LinkedHashMap<>(counters);
    }

    /** A counter, 0 when the node did not report it. */
    public long get(String counter) {
        return counters.getOrDefault(counter, 0L);
    }

    /** A router's messages (frames) in the datagrams of {@code direction.action}, 0 when not reported. */
    public long messages(String directionAction) {
        return get(directionAction + MESSAGES);
    }

    /** Whether a counter counts a router's messages rather than its datagrams. */
    public static boolean isMessages(String counter) {
        return counter.endsWith(MESSAGES);
    }

    /**
     * Picks a node's counters out of Prometheus text. Queue: puts, gets, leases, acks, deduplicated, errors,
     * depth, leased (the last two as they are at the end). Worker: in, out, function_errors, lost, retries, input_errors. Router: {@code <direction>.<action>}
     * for every datagram action.
     */
    static NodeCounters fromPrometheus(String name, String kind, String address, String text) {
        Map<String, Long> c = new LinkedHashMap<>();
        Map<String, String> wanted = switch (kind) {
            case "queue" -> Map.of("mq_puts_total", "puts", "mq_gets_total", "gets", "mq_leases_total", "leases",
                    "mq_acks_total", "acks", "mq_deduplicated_total", "deduplicated", "mq_errors_total", "errors",
                    "mq_depth", "depth", "mq_leased", "leased");
            case "worker" -> Map.of("worker_messages_in_total", "in", "worker_results_out_total", "out",
                    "worker_function_errors_total", "function_errors", "worker_results_lost_total", "lost",
                    "worker_publish_retries_total", "retries", "worker_input_errors_total", "input_errors");
            default -> Map.of();
        };
        for (String order : orderOf(kind)) {
            c.put(order, 0L);
        }
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String metric = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            long value;
            try {
                value = Math.round(Double.parseDouble(line.substring(space + 1).strip()));
            } catch (NumberFormatException e) {
                continue;
            }
            if (kind.equals("router") && metric.equals("udpgraph_router_datagrams_total") && brace >= 0) {
                String labels = line.substring(brace + 1, line.indexOf('}', brace));
                String key = label(labels, "direction") + "." + label(labels, "action");
                c.merge(key, value, Long::sum);
            } else if (kind.equals("router") && metric.equals("udpgraph_router_messages_total") && brace >= 0) {
                String labels = line.substring(brace + 1, line.indexOf('}', brace));
                c.merge(label(labels, "direction") + "." + label(labels, "action") + MESSAGES, value, Long::sum);
            } else if (wanted.containsKey(metric)) {
                c.merge(wanted.get(metric), value, Long::sum);
            }
        }
        return new NodeCounters(name, kind, address, c);
    }

    private static String[] orderOf(String kind) {
        return switch (kind) {
            case "queue" -> new String[] {"puts", "gets", "leases", "acks", "deduplicated", "errors", "depth", "leased"};
            case "worker" -> new String[] {"in", "out", "function_errors", "lost", "retries", "input_errors"};
            default -> new String[0];
        };
    }

    private static String label(String labels, String name) {
        for (String part : labels.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
                return part.substring(eq + 1).strip().replace("\"", "");
            }
        }
        return "?";
    }
}
