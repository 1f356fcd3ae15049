package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.udpgraph.protocol.HostPort;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The control API serves its operator's tools only: what a web page or a stranger sends changes nothing. */
class ControlApiSecurityTest {
    private static final String FAULT = "{\"kind\": \"duplicate\", \"spec\": \"100%:64,down\"}";

    /** Sends a raw HTTP/1.1 request, headers exactly as given, and returns the status code. */
    private static int raw(InetSocketAddress at, String method, String path, String headers, String body)
            throws Exception {
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(5000);
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\n" + headers + "Content-Length: " + b.length
                    + "\r\nConnection: close\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    private static Router start(Udp.Sink sink, String token) throws Exception {
        return Router.start(RouterConfig.defaults().upstream(sink.address()).seed(1)
                .control(new HostPort("127.0.0.1", 0)).controlToken(token));
    }

    @Test
    void aCrossOriginTextPlainPostIsRefusedAndAddsNoFault() throws Exception {
        try (Udp.Sink sink = new Udp.Sink(false); Router router = start(sink, null)) {
            InetSocketAddress at = router.controlAddress().orElseThrow();
            assertEquals(403, raw(at, "POST", "/faults", "Host: evil.example\r\nOrigin: http://evil.example\r\n"
                    + "Content-Type: text/plain\r\n", FAULT));
            assertEquals(403, raw(at, "POST", "/faults", "Host: 127.0.0.1\r\nOrigin: http://evil.example\r\n"
                    + "Content-Type: application/json\r\n", FAULT));
            assertEquals(403, raw(at, "POST", "/faults", "Host: evil.example\r\nContent-Type: application/json\r\n",
                    FAULT));
            assertEquals(415, raw(at, "POST", "/faults", "Host: 127.0.0.1\r\nContent-Type: text/plain\r\n", FAULT));
            assertEquals(0, router.faults().size());
            assertEquals(201, raw(at, "POST", "/faults", "Host: 127.0.0.1:" + at.getPort()
                    + "\r\nContent-Type: application/json; charset=utf-8\r\n", FAULT));
            assertEquals(1, router.faults().size());
        }
    }

    @Test
    void aTokenIsRequiredWhenOneIsSet() throws Exception {
        try (Udp.Sink sink = new Udp.Sink(false); Router router = start(sink, "s3cret")) {
            InetSocketAddress at = router.controlAddress().orElseThrow();
            assertEquals(401, raw(at, "GET", "/faults", "Host: localhost\r\n", null));
            assertEquals(401, raw(at, "GET", "/faults", "Host: localhost\r\nAuthorization: Bearer nope\r\n", null));
            assertEquals(200, raw(at, "GET", "/faults", "Host: localhost\r\nAuthorization: Bearer s3cret\r\n", null));
        }
    }

    @Test
    void theFaultListHasABound() throws Exception {
        try (Udp.Sink sink = new Udp.Sink(false); Router router = start(sink, null)) {
            InetSocketAddress at = router.controlAddress().orElseThrow();
            String json = "Host: 127.0.0.1\r\nContent-Type: application/json\r\n";
            for (int i = 0; i < ControlServer.MAX_FAULTS; i++) {
                assertEquals(201, raw(at, "POST", "/faults", json, "{\"kind\": \"drop\", \"spec\": \"1%,up\"}"));
            }
            assertEquals(409, raw(at, "POST", "/faults", json, "{\"kind\": \"drop\", \"spec\": \"1%,up\"}"));
        }
    }

    @Test
    void aHostNamingAnotherMachineOrANameIsRefusedButLoopbackLiteralsPass() throws Exception {
        ControlGuard guard = new ControlGuard(InetAddress.getByName("127.0.0.1"), null);
        assertEquals(403, guard.check("GET", "10.0.0.5:80", null, null, null, false).status());
        assertEquals(403, guard.check("GET", "rebind.evil.example", null, null, null, false).status());
        assertEquals(403, guard.check("GET", null, null, null, null, false).status());
        assertNull(guard.check("GET", "[::1]:8080", null, null, null, false));
        assertNull(guard.check("GET", "127.0.0.1", null, null, null, false));
        ControlGuard wildcard = new ControlGuard(InetAddress.getByName("0.0.0.0"), null);
        assertNull(wildcard.check("GET", "192.168.1.4:10102", null, null, null, false));
        assertEquals(403, wildcard.check("GET", "router.example:10102", null, null, null, false).status());
    }
}
