package io.udpgraph.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.udpgraph.router.FaultSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Talks to one router process's JSON control API at its host's address ({@code /faults}), for the graph's control:
 * adds, reads, changes and removes faults. Errors carry the router's own message.
 */
final class RouterControlClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    RouterControlClient(String name, String address, int port) {
        this.name = name;
        this.base = URI.create("http://" + address + ":" + port);
    }

    long add(FaultSpec spec) throws IOException {
        return call("POST", "/faults", body(spec)).get("id").asLong();
    }

    FaultSpec get(long id) throws IOException {
        JsonNode f = call("GET", "/faults/" + id, null);
        return FaultSpec.parse(f.get("kind").asText(), f.get("spec").asText());
    }

    void change(long id, FaultSpec spec) throws IOException {
        call("PUT", "/faults/" + id, body(spec));
    }

    void remove(long id) throws IOException {
        call("DELETE", "/faults/" + id, null);
    }

    void note(String text) throws IOException {
        call("POST", "/notes", JSON.writeValueAsString(java.util.Map.of("text", text)));
    }

    /** The faults in force as {@code id kind value} lines. */
    List<String> list() throws IOException {
        List<String> out = new ArrayList<>();
        JsonNode all = call("GET", "/faults", null);
        for (JsonNode f : all.isArray() ? all : all.path("faults")) {
            out.add(f.get("id").asLong() + " " + f.get("kind").asText() + " " + f.get("spec").asText());
        }
        return out;
    }

    private static String body(FaultSpec spec) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", spec.kind());
        m.put("spec", spec.value());
        return JSON.writeValueAsString(m);
    }

    private JsonNode call(String method, String path, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted talking to router " + name, e);
        }
        JsonNode reply = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        if (r.statusCode() >= 400) {
            String message = "router " + name + ": " + reply.path("error").asText(r.body());
            if (r.statusCode() == 404) {
                throw new IllegalArgumentException(message);
            }
            throw new IOException(message);
        }
        return reply;
    }
}
