package io.udpgraph.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.Frames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    @Test
    void aBatchPutDatagramHoldsOnePutFramePerMessage() throws Exception {
        List<ByteBuffer> frames = Frames.decodeAll(ByteBuffer.wrap(new Workload(Workload.Kind.BATCH, 100, 7).putDatagram()));
        assertEquals(7, frames.size());
        for (ByteBuffer f : frames) {
            String text = StandardCharsets.UTF_8.decode(f).toString();
            assertTrue(text.startsWith("PUT:"), text);
            assertEquals(104, text.length());
        }
    }

    @Test
    void putGetAlternatesPutAndGet() throws Exception {
        byte[][] requests = Workload.of(Workload.Kind.PUT_GET).requests();
        assertEquals(2, requests.length);
        assertTrue(Frames.decodeText(requests[0]).startsWith("PUT:"));
        assertEquals("GET", Frames.decodeText(requests[1]));
    }

    @Test
    void theRequestsAreTheBytesAClassicClientSends() {
        String message = "x".repeat(100);
        byte[][] pair = Workload.of(Workload.Kind.PUT_GET).requests();
        assertEquals("268PUT:" + message, ascii(pair[0]));
        assertEquals("13GET", ascii(pair[1]));
        byte[][] batch = new Workload(Workload.Kind.BATCH, 100, 3).requests();
        assertEquals(("268PUT:" + message).repeat(3), ascii(batch[0]));
        assertEquals("15GET:3", ascii(batch[1]));
        assertEquals("17GET:100", ascii(Workload.of(Workload.Kind.BATCH).requests()[1]));
    }

    @Test
    void aBatchOfMoreCommandsThanANodeTakesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Workload(Workload.Kind.BATCH, 10, 201));
        assertTrue(e.getMessage().contains("--batch must be 1-200"), e.getMessage());
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void aBatchThatCannotFitOneDatagramIsRefusedWithAdvice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Workload(Workload.Kind.BATCH, 1000, 100));
        assertTrue(e.getMessage().contains("smaller --batch"), e.getMessage());
    }

    @Test
    void unknownWorkloadNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workload.Kind.parse("pipeline"));
        assertTrue(e.getMessage().contains("echo, put-get or batch"), e.getMessage());
    }
}
