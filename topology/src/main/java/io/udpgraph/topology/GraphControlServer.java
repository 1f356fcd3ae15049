package io.udpgraph.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.udpgraph.router.FaultSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One JSON control API for a whole running graph, on loopback only, as toxiproxy has one for its proxies:
 *
 * <pre>
 *   GET    /                              the nodes and these routes
 *   GET    /nodes                         every node: name, kind, address, state
 *   POST   /nodes/{name}/{action}         kill, stop, restart, pause or resume it        200 + the node
 *   GET    /routers/{name}/faults         its faults
 *   POST   /routers/{name}/faults         add {"fault": "drop 20%,up"}                  201 + {"id": n}
 *   PUT    /routers/{name}/faults/{id}    change it to {"fault": "drop 30%"}             200
 *   DELETE /routers/{name}/faults/{id}    remove it                                      200
 *   GET    /counters                      every node's counters since the last reset
 *   POST   /counters/reset                count from zero again
 * </pre>
 *
 * Errors are {@code {"error": "…"}}: 400 a bad fault, 404 an unknown node or fault, 409 a node in the wrong
 * state, 403 a request from a web page ({@link LoopbackOnly}), 502 a node process that did not answer.
 */
public final class GraphControlServer implements AutoCloseable {
    /** Where {@code topology up} serves the API unless told otherwise, and where the client looks. */
    public static final int DEFAULT_PORT = 9474;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> ACTIONS = List.of("kill", "stop", "restart", "pause", "resume");

    private final HttpServer server;
    private final ExecutorService executor;
    private final RunningGraph graph;
    private Map<String, Map<String, Long>> baseline = Map.of();

    private GraphControlServer(HttpServer server, ExecutorService executor, RunningGraph graph) {
        this.server = server;
        this.executor = executor;
        this.graph = graph;
    }

    /** Serves {@code graph}'s control API on 127.0.0.1:{@code port} (0 picks a free port). */
    public static GraphControlServer start(RunningGraph graph, int port) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new IOException("cannot serve the graph's control API on 127.0.0.1:" + port + ": " + e.getMessage()
                    + " (is the port taken? choose another --control-port, or 0 for any)", e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "graph-control");
            t.setDaemon(true);
            return t;
        });
        GraphControlServer c = new GraphControlServer(server, executor, graph);
        server.createContext("/", c::serve);
        server.setExecutor(executor);
        server.start();
        return c;
    }

    /** Where the API listens. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Response(int status, Object body) {
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            Response r;
            String refusal = LoopbackOnly.refusal(ex.getRequestHeaders().getFirst("Origin"),
                    ex.getRequestHeaders().getFirst("Host"));
            if (refusal != null) {
                r = error(403, refusal);
            } else {
                try {
                    r = route(ex.getRequestMethod(), ex.getRequestURI().getPath().split("/"), ex);
                } catch (BadFault e) {
                    r = error(400, e.getMessage());
                } catch (IllegalArgumentException e) {
                    r = error(404, e.getMessage());
                } catch (IllegalStateException e) {
                    r = error(409, e.getMessage());
                } catch (IOException e) {
                    r = error(502, e.getMessage());
                }
            }
            byte[] body = JSON.writeValueAsBytes(r.body());
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(r.status(), body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** {@code parts} is the path split at '/': {@code ["", "routers", "r-in", "faults", "3"]}. */
    private Response route(String method, String[] parts, HttpExchange ex) throws IOException {
        String first = parts.length > 1 ? parts[1] : "";
        if (parts.length <= 2 && (first.isEmpty() || first.equals("nodes")) && method.equals("GET")) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("nodes", graph.nodes());
            if (first.isEmpty()) {
                out.put("routes", List.of("GET /nodes", "POST /nodes/{name}/{kill|stop|restart|pause|resume}",
                        "GET|POST /routers/{name}/faults", "PUT|DELETE /routers/{name}/faults/{id}", "GET /counters",
                        "POST /counters/reset"));
            }
            return new Response(200, out);
        }
        if (first.equals("nodes") && parts.length == 4 && method.equals("POST") && ACTIONS.contains(parts[3])) {
            return new Response(200, act(parts[2], parts[3]));
        }
        if (first.equals("routers") && parts.length >= 4 && parts[3].equals("faults")) {
            return faults(method, parts[2], parts.length == 5 ? id(parts[4]) : -1, ex);
        }
        if (first.equals("counters") && parts.length == 2 && method.equals("GET")) {
            return new Response(200, counters());
        }
        if (first.equals("counters") && parts.length == 3 && parts[2].equals("reset") && method.equals("POST")) {
            synchronized (this) {
                baseline = snapshot();
            }
            return new Response(200, Map.of("reset", true));
        }
        return error(404, "no route " + method + " " + String.join("/", parts) + "; GET / lists them");
    }

    private GraphControl.NodeState act(String node, String action) throws IOException {
        switch (action) {
            case "kill" -> graph.kill(node);
            case "stop" -> graph.stop(node);
            case "restart" -> graph.restart(node);
            case "pause" -> graph.pause(node);
            default -> graph.resume(node);
        }
        return graph.nodes().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow();
    }

    private Response faults(String method, String router, long id, HttpExchange ex) throws IOException {
        if (id < 0 && method.equals("GET")) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (String line : graph.faults(router)) {
                String[] f = line.split(" ", 3);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", Long.parseLong(f[0]));
                m.put("fault", f[1] + " " + f[2]);
                out.add(m);
            }
            return new Response(200, Map.of("router", router, "faults", out));
        }
        if (id < 0 && method.equals("POST")) {
            return new Response(201, Map.of("id", graph.addFault(router, fault(ex))));
        }
        if (id >= 0 && method.equals("PUT")) {
            FaultSpec before = graph.changeFault(router, id, fault(ex));
            return new Response(200, Map.of("id", id, "replaced", before.option().substring(2)));
        }
        if (id >= 0 && method.equals("DELETE")) {
            FaultSpec removed = graph.removeFault(router, id);
            return new Response(200, Map.of("id", id, "removed", removed.option().substring(2)));
        }
        return error(405, method + " is not served here; GET / lists the routes");
    }

    /** The body's {@code fault} ({@code "drop 20%,up"}), or its {@code kind} and {@code spec} as a router takes them. */
    private static FaultSpec fault(HttpExchange ex) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadFault("the body is not JSON; send {\"fault\": \"drop 20%,up\"}");
        }
        try {
            if (body != null && body.hasNonNull("fault")) {
                return SectionReader.faultOf(body.get("fault").asText());
            }
            if (body != null && body.hasNonNull("kind") && body.hasNonNull("spec")) {
                return FaultSpec.parse(body.get("kind").asText(), body.get("spec").asText());
            }
        } catch (IllegalArgumentException e) {
            throw new BadFault(e.getMessage());
        }
        throw new BadFault("say which fault: {\"fault\": \"drop 20%,up\"}");
    }

    /** A fault the request wrote wrongly: 400, unlike an unknown router (404). */
    private static final class BadFault extends RuntimeException {
        BadFault(String message) {
            super(message);
        }
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("no fault '" + text + "': a fault id is a number, as GET lists them");
        }
    }

    private Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (NodeCounters n : graph.counters()) {
            out.put(n.name(), n.counters());
        }
        return out;
    }

    private synchronized Map<String, Map<String, Long>> counters() {
        Map<String, Map<String, Long>> now = snapshot();
        for (Map.Entry<String, Map<String, Long>> n : now.entrySet()) {
            Map<String, Long> before = baseline.getOrDefault(n.getKey(), Map.of());
            Map<String, Long> since = new LinkedHashMap<>();
            n.getValue().forEach((k, v) -> since.put(k, v - before.getOrDefault(k, 0L)));
            n.setValue(since);
        }
        return now;
    }

    private static Response error(int status, String message) {
        return new Response(status, Map.of("error", message == null ? "failed" : message));
    }
}
