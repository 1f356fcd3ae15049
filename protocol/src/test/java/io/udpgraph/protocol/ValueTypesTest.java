package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @Test
    void hostPortParsesHostAndPort() {
        assertEquals(new HostPort("127.0.0.1", 10000), HostPort.parse("127.0.0.1:10000"));
    }

    @Test
    void hostPortAcceptsTheUdpSchemeAndBracketedIpv6() {
        assertEquals(new HostPort("127.0.0.1", 9), HostPort.parse("udp://127.0.0.1:9"));
        assertEquals(new HostPort("::1", 9), HostPort.parse("[::1]:9"));
        assertEquals("[::1]:9", new HostPort("::1", 9).toString());
    }

    @Test
    void hostPortWithoutAHostTeachesTheForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("10000"));
        assertEquals("expected HOST:PORT, e.g. 127.0.0.1:10000 — got '10000'", e.getMessage());
    }

    @Test
    void hostPortWithABadPortSaysSo() {
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("localhost:http"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("localhost:70000"));
    }

    @Test
    void errorReplySplitsReasonAndDetail() {
        Reply r = Reply.of(Reply.errorText(ErrorReason.FULL, "queue holds 10 of 10 messages"));
        assertTrue(r.isError());
        assertEquals(ErrorReason.FULL, r.reason());
        assertEquals("queue holds 10 of 10 messages", r.detail());
    }

    @Test
    void aMessageThatMerelyStartsWithErrIsNotAnError() {
        assertFalse(Reply.of("ERRATA").isError());
        assertFalse(Reply.of("PUT 5 bytes").isError());
        assertTrue(Reply.of("ERR checksum").isError());
    }

    @Test
    void unknownReasonWordsReadAsInternal() {
        assertEquals(ErrorReason.INTERNAL, Reply.of("ERR brand-new thing").reason());
    }

    @Test
    void leaseFrameRoundTrips() throws Exception {
        Lease lease = new Lease(41, 2, "src-7", "hello world".getBytes(StandardCharsets.UTF_8));
        byte[] frame = lease.toFrameText();
        assertEquals("41 2 src-7 hello world", new String(frame, StandardCharsets.UTF_8));
        Lease back = Lease.parse(frame);
        assertEquals(41, back.leaseId());
        assertEquals(2, back.deliveries());
        assertEquals("src-7", back.messageId());
        assertArrayEquals(lease.body(), back.body());
    }

    @Test
    void leaseWithoutAMessageIdUsesADash() throws Exception {
        Lease back = Lease.parse("42 1 - ".getBytes(StandardCharsets.UTF_8));
        assertNull(back.messageId());
        assertEquals(0, back.body().length);
    }

    @Test
    void malformedLeaseFrameIsABadReply() {
        assertThrows(MqException.BadReply.class, () -> Lease.parse("hello".getBytes(StandardCharsets.UTF_8)));
        assertThrows(MqException.BadReply.class, () -> Lease.parse("x 1 - t".getBytes(StandardCharsets.UTF_8)));
    }
}
