package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.udpgraph.protocol.HostPort;
import java.net.DatagramSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ControlApiTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private record Answer(int status, JsonNode body) {
    }

    private Answer call(Router router, String method, String path, String body) throws Exception {
        URI uri = URI.create("http://" + HostPort.of(router.controlAddress().orElseThrow()) + path);
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, publisher);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : json.readTree(r.body()));
    }

    private static Router start(Udp.Sink sink) throws Exception {
        return Router.start(RouterConfig.defaults().upstream(sink.address()).seed(1)
                .control(new HostPort("127.0.0.1", 0)));
    }

    /** Sends {@code n} datagrams and returns how many reached the sink. */
    private static int pass(Router router, Udp.Sink sink, int n) throws Exception {
        int before = sink.count();
        long dropped = router.counters().get(Direction.UP, Action.DROPPED);
        try (DatagramSocket client = Udp.client(Duration.ofMillis(100))) {
            Udp.sendPaced(client, router.address(), Udp.numbered(n), 50,
                    () -> router.counters().get(Direction.UP, Action.RECEIVED));
        }
        Udp.await(() -> sink.count() - before + router.counters().get(Direction.UP, Action.DROPPED) - dropped == n,
                WAIT, "every datagram forwarded or dropped");
        return sink.count() - before;
    }

    @Test
    void addingADropFaultTakesEffectWithoutARestart() throws Exception {
        try (Udp.Sink sink = new Udp.Sink(false); Router router = start(sink)) {
            assertEquals(100, pass(router, sink, 100));
            Answer added = call(router, "POST", "/faults", "{\"kind\": \"drop\", \"spec\": \"100%,up\"}");
            assertEquals(201, added.status());
            assertEquals(1, added.body().get("id").asLong());
            assertEquals("100%,up", added.body().get("spec").asText());
            assertEquals("--drop 100%,up", added.body().get("option").asText());
            assertEquals(0, pass(router, sink, 100));
            assertEquals(204, call(router, "DELETE", "/faults/1", null).status());
            assertEquals(100, pass(router, sink, 100));
        }
    }

    @Test
    void changingAFaultKeepsItsIdAndAppliesAtOnce() throws Exception {
        try (Udp.Sink sink = new Udp.Sink(false); Router router = start(sink)) {
            call(router, "POST", "/faults", "{\"kind\": \"drop\", \"spec\": \"100%\"}");
            assertEquals(0, pass(router, sink, 50));
            Answer changed = call(router, "PUT", "/faults/1", "{\"spec\": \"0%\"}");
            assertEquals(200, changed.status());
            assertEquals(1, changed.body().get("id").asLong());
            assertEquals("drop", changed.body().get("kind").asText());
            assertEquals(50, pass(router, sink, 50));
            Answer listed = call(router, "GET", "/faults", null);
            assertEquals(1, listed.body().size());
            assertEquals("0%", listed.body().get(0).get("spec").asText());
        }
    }

    @Test
    void countersShowWhatHappenedPerDirectionAndAction() throws Exception {
        try (Udp.Sink sink = new Udp.Sink(false); Router router = start(sink)) {
            call(router, "POST", "/faults", "{\"kind\": \"drop\", \"spec\": \"100%,up\"}");
            pass(router, sink, 20);
            JsonNode c = call(router, "GET", "/counters", null).body();
            assertEquals(20, c.get("up").get("received").asLong());
            assertEquals(20, c.get("up").get("dropped").asLong());
            assertEquals(0, c.get("up").get("forwarded").asLong());
            assertEquals(1, c.get("sessions").get("active").asLong());
            assertEquals("router", c.get("node").asText());
        }
    }

    @Test
    void aBadFaultIsRefusedWithAMessageThatShowsTheForm() throws Exception {
        try (Udp.Sink sink = new Udp.Sink(false); Router router = start(sink)) {
            Answer bad = call(router, "POST", "/faults", "{\"kind\": \"drop\", \"spec\": \"20\"}");
            assertEquals(400, bad.status());
            assertTrue(bad.body().get("error").asText().contains("20%"), bad.body().toString());
            assertEquals(400, call(router, "POST", "/faults", "{\"kind\": \"teleport\", \"spec\": \"1%\"}").status());
            assertEquals(400, call(router, "POST", "/faults", "not json").status());
            assertEquals(400, call(router, "POST", "/faults", "{\"spec\": \"20%\"}").status());
            assertEquals(404, call(router, "GET", "/faults/7", null).status());
            assertEquals(404, call(router, "GET", "/nowhere", null).status());
            assertEquals(405, call(router, "PATCH", "/counters", null).status());
            assertEquals(0, call(router, "GET", "/faults", null).body().size(), "nothing was added");
        }
    }

    @Test
    void deletingAllFaultsEmptiesThePlan() throws Exception {
        try (Udp.Sink sink = new Udp.Sink(false); Router router = start(sink)) {
            call(router, "POST", "/faults", "{\"kind\": \"delay\", \"spec\": \"5ms±2ms@30%,down\"}");
            call(router, "POST", "/faults", "{\"kind\": \"gilbert-elliott\", \"spec\": \"5%,20%,up,PUT\"}");
            Answer all = call(router, "DELETE", "/faults", null);
            assertEquals(2, all.body().get("removed").asInt());
            assertEquals(0, router.faults().size());
            JsonNode info = call(router, "GET", "/", null).body();
            assertEquals(1, info.get("seed").asLong());
            assertTrue(info.get("routes").size() >= 8);
        }
    }
}
