package io.udpgraph.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.udpgraph.protocol.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The router's HTTP control API (JSON, on the JDK's HTTP server), in the spirit of toxiproxy's:
 *
 * <pre>
 *   GET    /                 what this router is: node, listen, upstreams, seed, routes
 *   GET    /faults           the faults in force
 *   POST   /faults           add one: {"kind": "drop", "spec": "20%,up"}          201 + the fault
 *   GET    /faults/{id}      one fault
 *   PUT    /faults/{id}      change it: {"spec": "30%,up"} (kind optional)         200 + the fault
 *   DELETE /faults/{id}      remove it                                              204
 *   DELETE /faults           remove them all                                        200 + {"removed": n}
 *   GET    /counters         datagrams per direction and action, sessions, held
 *   POST   /notes            write {"text": "..."} into the event log as a "# ..." line      204
 * </pre>
 *
 * Errors are {@code {"error": "..."}} with 400 (a bad fault: the message says what was expected), 404 or 405.
 * Requests are served one at a time on one thread of their own, never on the router's loop.
 */
final class ControlServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ControlServer.class.getName());
    private static final int MAX_BODY_BYTES = 64 * 1024;
    /** Faults in force at most: each costs work on every datagram, and a list without end is memory without end. */
    static final int MAX_FAULTS = 64;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Router router;
    private final ControlGuard guard;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ControlServer(HttpServer server, ExecutorService executor, Router router, String token) {
        this.server = server;
        this.executor = executor;
        this.router = router;
        this.guard = new ControlGuard(server.getAddress().getAddress(), token);
    }

    /** Serves the API on {@code at}; {@code token}, when not null, is the bearer token every request must carry. */
    static ControlServer start(HostPort at, Router router, String token) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(at.toSocketAddress(), 16);
        } catch (IOException e) {
            throw new IOException("cannot serve the control API on " + at + ": " + e.getMessage()
                    + " (is the port taken? choose another --control-port)", e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "router-control-" + router.config().name());
            t.setDaemon(true);
            return t;
        });
        ControlServer c = new ControlServer(server, executor, router, token);
        server.createContext("/", c::serve);
        server.setExecutor(executor);
        server.start();
        return c;
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            Response r;
            ControlGuard.Refusal refused = refusal(ex);
            try {
                r = refused != null ? error(refused.status(), refused.message())
                        : route(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex);
            } catch (BadRequest e) {
                r = error(400, e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "control API failed on " + ex.getRequestMethod() + " " + ex.getRequestURI(), e);
                r = error(500, "the router failed to serve this request: " + e);
            }
            send(ex, r);
        }
    }

    private ControlGuard.Refusal refusal(HttpExchange ex) {
        var h = ex.getRequestHeaders();
        String length = h.getFirst("Content-Length");
        boolean hasBody = h.containsKey("Transfer-Encoding") || (length != null && !length.strip().equals("0"));
        return guard.check(ex.getRequestMethod(), h.getFirst("Host"), h.getFirst("Origin"), h.getFirst("Content-Type"),
                h.getFirst("Authorization"), hasBody);
    }

    private Response route(String method, String path, HttpExchange ex) throws IOException, BadRequest {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/")) {
            return method.equals("GET") ? new Response(200, info()) : notAllowed("GET");
        }
        if (p.equals("/counters")) {
            return method.equals("GET") ? new Response(200, counters()) : notAllowed("GET");
        }
        if (p.equals("/notes")) {
            if (!method.equals("POST")) {
                return notAllowed("POST");
            }
            String text = text(body(ex), "text");
            if (text == null) {
                throw new BadRequest("say what to note: {\"text\": \"partition r-in\"}");
            }
            router.note(text);
            return new Response(204, null);
        }
        if (p.equals("/faults")) {
            switch (method) {
                case "GET":
                    return new Response(200, faultList());
                case "POST": {
                    JsonNode body = body(ex);
                    String kind = text(body, "kind");
                    if (kind == null) {
                        throw new BadRequest("say which fault to add: {\"kind\": \"drop\", \"spec\": \"20%,up\"}; kinds: "
                                + String.join(", ", FaultSpec.KINDS));
                    }
                    if (router.faults().size() >= MAX_FAULTS) {
                        return error(409, "this router holds its most faults, " + MAX_FAULTS
                                + "; remove some (DELETE /faults/{id}) first");
                    }
                    Fault f = router.addFault(spec(kind, body));
                    return new Response(201, faultJson(f));
                }
                case "DELETE": {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("removed", router.clearFaults());
                    return new Response(200, out);
                }
                default:
                    return notAllowed("GET, POST, DELETE");
            }
        }
        if (p.startsWith("/faults/")) {
            long id;
            try {
                id = Long.parseLong(p.substring("/faults/".length()));
            } catch (NumberFormatException e) {
                return error(404, "no such route " + path + ": fault ids are numbers, see GET /faults");
            }
            Optional<Fault> existing = router.fault(id);
            if (existing.isEmpty()) {
                return error(404, "no fault #" + id + ": see GET /faults for the ids in force");
            }
            switch (method) {
                case "GET":
                    return new Response(200, faultJson(existing.get()));
                case "PUT":
                case "PATCH":
                case "POST": {
                    JsonNode body = body(ex);
                    String kind = text(body, "kind");
                    FaultSpec spec = spec(kind == null ? existing.get().spec().kind() : kind, body);
                    Optional<Fault> changed = router.changeFault(id, spec);
                    return changed.isPresent() ? new Response(200, faultJson(changed.get()))
                            : error(404, "fault #" + id + " was removed meanwhile");
                }
                case "DELETE":
                    return router.removeFault(id) ? new Response(204, null)
                            : error(404, "fault #" + id + " was removed meanwhile");
                default:
                    return notAllowed("GET, PUT, DELETE");
            }
        }
        return error(404, "no such route " + path + ": see GET / for the routes");
    }

    private FaultSpec spec(String kind, JsonNode body) throws BadRequest {
        String value = text(body, "spec");
        if (value == null) {
            throw new BadRequest("give the fault's value as on the command line: {\"kind\": \"" + kind
                    + "\", \"spec\": \"" + FaultSpec.example(kind.toLowerCase()).replaceFirst("^--\\S+ ", "")
                    .replaceFirst(" or .*", "") + "\"}");
        }
        try {
            return FaultSpec.parse(kind, value);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private JsonNode body(HttpExchange ex) throws IOException, BadRequest {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new BadRequest("request body over " + MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            throw new BadRequest("expected a JSON object such as {\"kind\": \"drop\", \"spec\": \"20%,up\"}");
        }
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest("expected a JSON object such as {\"kind\": \"drop\", \"spec\": \"20%,up\"}");
        }
        return node;
    }

    private static String text(JsonNode body, String field) throws BadRequest {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new BadRequest("\"" + field + "\" must be a string, got " + v);
        }
        return v.asText();
    }

    private Map<String, Object> info() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", router.config().name());
        out.put("listen", HostPort.of(router.address()).toString());
        List<String> ups = new ArrayList<>();
        for (InetSocketAddress u : router.upstreams()) {
            ups.add(HostPort.of(u).toString());
        }
        out.put("upstreams", ups);
        out.put("balance", router.config().balance().word());
        out.put("seed", router.seed());
        out.put("faults", faultList());
        out.put("routes", List.of("GET /", "GET /faults", "POST /faults", "GET /faults/{id}", "PUT /faults/{id}",
                "DELETE /faults/{id}", "DELETE /faults", "GET /counters"));
        return out;
    }

    private Map<String, Object> counters() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", router.config().name());
        out.putAll(router.counters().toMap());
        return out;
    }

    private List<Object> faultList() {
        List<Object> out = new ArrayList<>();
        for (Fault f : router.faults()) {
            out.add(faultJson(f));
        }
        return out;
    }

    static Map<String, Object> faultJson(Fault f) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", f.id());
        out.put("kind", f.spec().kind());
        out.put("spec", f.spec().value());
        out.put("direction", f.spec().scope().direction().word());
        out.put("verbs", f.spec().scope().verbs());
        out.put("option", f.spec().option());
        return out;
    }

    private static Response error(int status, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", message);
        return new Response(status, out);
    }

    private static Response notAllowed(String allowed) {
        return error(405, "method not allowed here; use " + allowed);
    }

    private void send(HttpExchange ex, Response r) throws IOException {
        if (r.body == null) {
            ex.sendResponseHeaders(r.status, -1);
            return;
        }
        byte[] body = json.writeValueAsBytes(r.body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(r.status, body.length + 1L);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
            out.write('\n');
        }
    }

    private record Response(int status, Object body) {
    }

    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
