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
        Lease lease = new Lease(new LeaseId(41, 0x9c1f0e3a5b7d2e81L), 2, "src-7", "hello world".getBytes(StandardCharsets.UTF_8));
        byte[] frame = lease.toFrameText();
        assertEquals("41.9c1f0e3a5b7d2e81 2 src-7 hello world", new String(frame, StandardCharsets.UTF_8));
        Lease back = Lease.parse(frame);
        assertEquals(lease.leaseId(), back.leaseId());
        assertEquals(2, back.deliveries());
        assertEquals("src-7", back.messageId());
        assertArrayEquals(lease.body(), back.body());
    }

    @Test
    void aLeaseIdPrintsAndParsesAsOneToken() {
        LeaseId id = new LeaseId(41, 0x9c1f0e3a5b7d2e81L);
        assertEquals("41.9c1f0e3a5b7d2e81", id.toString());
        assertEquals(id, LeaseId.parse("41.9c1f0e3a5b7d2e81"));
        assertEquals(new LeaseId(7, 0x2a), LeaseId.parse("7.000000000000002A"));
        assertEquals(ProtocolLimits.MAX_LEASE_ID_BYTES, new LeaseId(999_999_999_999_999_999L, -1).length());
    }

    @Test
    void aLeaseIdWithoutItsSixteenDigitTagDoesNotParse() {
        assertThrows(IllegalArgumentException.class, () -> LeaseId.parse("41"));
        assertThrows(IllegalArgumentException.class, () -> LeaseId.parse("41.9c1f"));
        assertThrows(IllegalArgumentException.class, () -> LeaseId.parse("41.9c1f0e3a5b7d2e8x"));
        assertThrows(IllegalArgumentException.class, () -> LeaseId.parse(".9c1f0e3a5b7d2e81"));
    }

    @Test
    void leaseWithoutAMessageIdUsesADash() throws Exception {
        Lease back = Lease.parse("42.9c1f0e3a5b7d2e81 1 - ".getBytes(StandardCharsets.UTF_8));
        assertNull(back.messageId());
        assertEquals(0, back.body().length);
    }

    @Test
    void malformedLeaseFrameIsABadReply() {
        assertThrows(MqException.BadReply.class, () -> Lease.parse("hello".getBytes(StandardCharsets.UTF_8)));
        assertThrows(MqException.BadReply.class, () -> Lease.parse("x 1 - t".getBytes(StandardCharsets.UTF_8)));
    }
}
