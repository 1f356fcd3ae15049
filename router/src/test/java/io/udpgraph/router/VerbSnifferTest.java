package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.Integrity;
import io.udpgraph.protocol.Verb;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VerbSnifferTest {
    private static int sniff(byte[] datagram) {
        return VerbSniffer.sniff(ByteBuffer.wrap(datagram));
    }

    @Test
    void theVerbIsTheFirstFramesTextBeforeTheColon() {
        assertEquals(Verb.PUT.ordinal(), sniff(Frames.encode("PUT:a:b")));
        assertEquals(Verb.GET.ordinal(), sniff(Frames.encode("GET")));
        assertEquals(Verb.SIZE.ordinal(), sniff("14SIZE15GET:2".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Verb.UNKNOWN.ordinal(), sniff(Frames.encode("PING")));
        assertEquals(Verb.UNKNOWN.ordinal(), sniff(Frames.encode("PUTTING:x")));
        assertEquals(Verb.UNKNOWN.ordinal(), sniff(Frames.encode("x".repeat(60_000))));
        assertEquals(Verb.STATS.ordinal(), sniff(Frames.encode("STATS")));
        assertEquals(Verb.PUTID.ordinal(), sniff(Frames.encode("PUTID:7:x")));
    }

    @Test
    void theIntegrityWrapperIsLookedThrough() {
        assertEquals(Verb.PUT.ordinal(), sniff(Frames.encode(Integrity.wrap("PUT:hello"))));
    }

    @Test
    void aHeaderThatDoesNotParseIsMalformed() {
        assertEquals(VerbSniffer.MALFORMED, sniff(new byte[0]));
        assertEquals(VerbSniffer.MALFORMED, sniff("0".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(VerbSniffer.MALFORMED, sniff("1fGETX".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(VerbSniffer.MALFORMED, sniff("2zzGET".getBytes(StandardCharsets.US_ASCII)));
    }
}
