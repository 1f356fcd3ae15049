package io.udpgraph.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.protocol.ReplyReader;
import io.udpgraph.protocol.RequestReader;
import io.udpgraph.protocol.RequestWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch's decisions, from bytes in a stream's buffer to what a reply settles, without sockets. */
class PutBatchTest {
    private final FrameCodec u32 = Framing.U32.codec(ProtocolLimits.MAX_MESSAGE_BYTES);
    private final FrameSpan span = new FrameSpan();

    private static InboundStream streamOf(long id, String... messages) throws IOException {
        return Feeds.u32Stream(id, List.of(messages));
    }

    private static void fill(PutBatch batch, InboundStream s, FrameCodec codec, FrameSpan span) {
        int end;
        while ((end = s.nextFrame(codec, span)) >= 0) {
            if (!batch.fits(s, span.messageLength())) {
                s.unscanLast();
                return;
            }
            batch.add(s, span, end);
        }
    }

    /** Adds at most {@code max} frames of {@code s}, as a datagram that filled up would. */
    private void fill(PutBatch batch, InboundStream s, int max) {
        int end;
        while (batch.size() < max && (end = s.nextFrame(u32, span)) >= 0) {
            batch.add(s, span, end);
        }
    }

    private static List<String> written(PutBatch batch) {
        ByteBuffer datagram = ByteBuffer.allocate(ProtocolLimits.MAX_DATAGRAM_BYTES);
        batch.writeTo(new RequestWriter(datagram));
        datagram.flip();
        RequestReader r = new RequestReader().reset(datagram);
        List<String> out = new ArrayList<>();
        while (r.hasNext()) {
            out.add(r.next().text());
        }
        return out;
    }

    private static ReplyReader reply(String... frames) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (String f : frames) {
            s.writeBytes(Frames.encode(f));
        }
        ReplyReader r = new ReplyReader();
        assertTrue(r.reset(ByteBuffer.wrap(s.toByteArray()), false));
        return r;
    }

    @Test
    void framesAreWrittenAsPutsInStreamOrder() throws IOException {
        PutBatch batch = new PutBatch(Guarantee.AT_LEAST_ONCE, "run");
        fill(batch, streamOf(1, "a", "bb", "héllo"), u32, span);
        assertEquals(List.of("PUT:a", "PUT:bb", "PUT:héllo"), written(batch));
    }

    @Test
    void effectivelyOnceWritesIdsFromConnectionAndSequence() throws IOException {
        PutBatch batch = new PutBatch(Guarantee.EFFECTIVELY_ONCE, "run");
        fill(batch, streamOf(7, "a", "b"), u32, span);
        assertEquals(List.of("PUTID:run-7-0:a", "PUTID:run-7-1:b"), written(batch));
    }

    @Test
    void aDatagramHoldsAtMostTheBatchLimitOfPuts() throws IOException {
        String[] many = new String[ProtocolLimits.MAX_BATCH_COMMANDS + 50];
        java.util.Arrays.fill(many, "m");
        PutBatch batch = new PutBatch(Guarantee.AT_LEAST_ONCE, "run");
        fill(batch, streamOf(1, many), u32, span);
        assertEquals(ProtocolLimits.MAX_BATCH_COMMANDS, batch.size());
    }

    @Test
    void aDatagramNeverExceedsTheLargestUdpPayload() throws IOException {
        String big = "x".repeat(20_000);
        PutBatch batch = new PutBatch(Guarantee.AT_LEAST_ONCE, "run");
        fill(batch, streamOf(1, big, big, big, big), u32, span);
        assertEquals(3, batch.size());
    }

    @Test
    void storedFramesAreReleasedAndNotSentAgain() throws IOException {
        InboundStream s = streamOf(1, "a", "bb");
        PutBatch batch = new PutBatch(Guarantee.AT_LEAST_ONCE, "run");
        fill(batch, s, u32, span);
        ReplyReader r = reply("PUT 1 bytes", "PUT 2 bytes");
        assertTrue(batch.answeredBy(r));
        assertEquals(PutBatch.Outcome.STORED, batch.settle(r));
        assertEquals(2, s.storedMessages());
        fill(batch, s, u32, span);
        assertTrue(batch.isEmpty());
    }

    @Test
    void aFullRefusalSendsTheRefusedFrameAndTheRestOfItsStreamAgain() throws IOException {
        InboundStream s = streamOf(1, "a", "b", "c");
        PutBatch batch = new PutBatch(Guarantee.AT_LEAST_ONCE, "run");
        fill(batch, s, u32, span);
        ReplyReader r = reply("PUT 1 bytes", "ERR full queue holds 1 messages", "PUT 1 bytes");
        assertEquals(PutBatch.Outcome.BACK_OFF, batch.settle(r));
        assertEquals(1, s.storedMessages());
        fill(batch, s, u32, span);
        assertEquals(List.of("PUT:b", "PUT:c"), written(batch));
    }

    @Test
    void aPermanentRefusalFailsOnlyThatStreamAfterWhatWasStored() throws IOException {
        InboundStream bad = streamOf(1, "a", "b");
        InboundStream good = streamOf(2, "c");
        PutBatch batch = new PutBatch(Guarantee.AT_LEAST_ONCE, "run");
        fill(batch, bad, u32, span);
        fill(batch, good, u32, span);
        ReplyReader r = reply("PUT 1 bytes", "ERR too-large message of 1 bytes", "PUT 1 bytes");
        assertEquals(PutBatch.Outcome.REFUSED, batch.settle(r));
        assertNotNull(bad.failure());
        assertTrue(bad.finished());
        assertEquals(1, bad.storedMessages());
        assertNull(good.failure());
        assertEquals(1, good.storedMessages());
    }

    @Test
    void aReplyWithTheWrongShapeIsNotTakenForTheAnswer() throws IOException {
        PutBatch batch = new PutBatch(Guarantee.AT_LEAST_ONCE, "run");
        fill(batch, streamOf(1, "a", "bb"), u32, span);
        assertFalse(batch.answeredBy(reply("PUT 1 bytes")));
        assertFalse(batch.answeredBy(reply("PUT 1 bytes", "PUT 9 bytes")));
        assertFalse(batch.answeredBy(reply("PUT 1 bytes", "hello")));
    }

    @Test
    void anUnansweredBatchIsSentAgainWhole() throws IOException {
        InboundStream s = streamOf(1, "a", "b");
        PutBatch batch = new PutBatch(Guarantee.AT_LEAST_ONCE, "run");
        fill(batch, s, u32, span);
        batch.unanswered();
        fill(batch, s, u32, span);
        assertEquals(List.of("PUT:a", "PUT:b"), written(batch));
    }

    @Test
    void framesCutAheadStayCutWhenTheBatchBeforeThemIsStored() throws IOException {
        InboundStream s = streamOf(1, "a", "b", "c", "d", "e");
        PutBatch first = new PutBatch(Guarantee.AT_LEAST_ONCE, "run");
        PutBatch ahead = first.sibling();
        fill(first, s, 2);
        fill(ahead, s, 2); // while the first is in flight
        assertEquals(PutBatch.Outcome.STORED, first.settle(reply("PUT 1 bytes", "PUT 1 bytes")));
        assertEquals(List.of("PUT:c", "PUT:d"), written(ahead));
        assertEquals(PutBatch.Outcome.STORED, ahead.settle(reply("PUT 1 bytes", "PUT 1 bytes")));
        assertEquals(4, s.storedMessages());
        fill(first, s, 2);
        assertEquals(List.of("PUT:e"), written(first));
    }

    @Test
    void framesCutAheadAreCutAgainAfterTheRefusedOnes() throws IOException {
        InboundStream s = streamOf(1, "a", "b", "c", "d");
        PutBatch first = new PutBatch(Guarantee.AT_LEAST_ONCE, "run");
        PutBatch ahead = first.sibling();
        fill(first, s, 2);
        fill(ahead, s, 2);
        assertEquals(PutBatch.Outcome.BACK_OFF, first.settle(reply("PUT 1 bytes", "ERR full queue holds 1 messages")));
        ahead.drop();
        assertEquals(1, s.storedMessages());
        fill(first, s, 10);
        assertEquals(List.of("PUT:b", "PUT:c", "PUT:d"), written(first), "in order, from the refused one");
    }

    @Test
    void siblingsNumberTheirRoundsTogether() throws IOException {
        // A refusal in one round stops the stream's later frames of that round from counting as stored; were the
        // siblings' rounds numbered apart, the next batch's first round would share the refused one's number.
        InboundStream s = streamOf(1, "a", "b", "c", "d");
        PutBatch first = new PutBatch(Guarantee.AT_LEAST_ONCE, "run");
        PutBatch second = first.sibling();
        fill(first, s, 2);
        assertEquals(PutBatch.Outcome.BACK_OFF, first.settle(reply("ERR full queue holds 1 messages", "PUT 1 bytes")));
        fill(second, s, 4);
        assertEquals(PutBatch.Outcome.STORED, second.settle(reply("PUT 1 bytes", "PUT 1 bytes", "PUT 1 bytes",
                "PUT 1 bytes")));
        assertEquals(4, s.storedMessages());
    }
}
