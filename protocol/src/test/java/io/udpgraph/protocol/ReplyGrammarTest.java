package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The reply grammar, one behaviour per test: what {@link ReplyWriter} writes as a node answers, and how
 * {@link ReplyReader} reads it (and the bytes of a few replies written out by hand).
 */
class ReplyGrammarTest {

    static String written(Consumer<ReplyWriter> write) {
        ReplyWriter out = new ReplyWriter();
        out.reset();
        write.accept(out);
        ByteBuffer b = out.flip();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aPutAcknowledgementIsWrittenWithItsByteCount() {
        assertEquals("1bPUT 5 bytes", written(out -> out.putAck(5)));
    }

    @Test
    void aCountIsWrittenAfterItsVerb() {
        assertEquals("15ACK 1", written(out -> out.count(Verb.ACK, 1)));
        assertEquals(1, read(written(out -> out.count(Verb.NACK, 1))).count(0, Verb.NACK));
    }

    @Test
    void aNumberIsWrittenInDecimal() {
        assertEquals(137, read(written(out -> out.number(137))).number(0));
    }

    @Test
    void aLeaseGrantIsWrittenAsIdDeliveriesMessageIdAndBody() {
        assertEquals("22141.9c1f0e3a5b7d2e81 1 src-7 hello",
                written(out -> out.lease(41, 0x9c1f0e3a5b7d2e81L, 1, "src-7", bytes("hello"))));
    }

    @Test
    void aWrittenLeaseGrantWithoutAProducerIdReadsBackWithoutOne() {
        ReplyReader r = read(written(out -> out.lease(43, 7, 2, null, bytes("hi"))));
        assertTrue(r.readLease(0));
        assertNull(r.lease().messageId());
        assertEquals(ReplyWriter.leaseTextLength(43, 2, null, 2), r.textLength(0));
    }

    @Test
    void theEmptyFrameIsWrittenAs10() {
        assertEquals("10", written(ReplyWriter::empty));
    }

    @Test
    void anErrorIsWrittenWithItsReasonWord() {
        assertEquals("23bERR malformed declared length 0xf exceeds 4 remaining bytes",
                written(out -> out.error(ErrorReason.MALFORMED, "declared length 0xf exceeds 4 remaining bytes")));
    }

    @Test
    void anErrorCutInsideItsBudgetEndsOnAWordNotOnASpace() {
        assertEquals("23cERR full the queue holds its capacity of 3 messages; nothing",
                written(out -> out.errorWithin(ErrorReason.FULL,
                        "the queue holds its capacity of 3 messages; nothing was stored", ProtocolLimits.errorReplyBudget(7))));
    }

    @Test
    void anErrorBudgetIs64BytesOrTwiceTheRequest() {
        assertEquals(64, ProtocolLimits.errorReplyBudget(1));
        assertEquals(64, ProtocolLimits.errorReplyBudget(32));
        assertEquals(200, ProtocolLimits.errorReplyBudget(100));
    }

    @Test
    void aLongErrorIsCutTo243BytesNeverInsideACharacter() {
        String detail = "é".repeat(200);
        ReplyReader r = read(written(out -> out.error(ErrorReason.USAGE, detail)));
        assertTrue(r.textLength(0) <= ProtocolLimits.MAX_ERROR_TEXT_BYTES, "" + r.textLength(0));
        assertTrue(r.textLength(0) >= ProtocolLimits.MAX_ERROR_TEXT_BYTES - 1, "" + r.textLength(0));
        assertTrue(r.text(0).endsWith("é"));
    }

    @Test
    void aWrappedReplyCarriesTheChecksumOfEachFrame() {
        assertEquals("215~d76384b8~PUT 5 bytes", written(out -> {
            out.wrap(true);
            out.putAck(5);
        }));
    }

    @Test
    void aShortReplyAlwaysFitsItsBound() {
        String longest = written(out -> {
            out.wrap(true);
            out.error(ErrorReason.INTERNAL, "x".repeat(1000));
        });
        assertEquals(ReplyWriter.SHORT_REPLY_BYTES, longest.length());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ReplyReader read(String datagram) {
        ReplyReader r = new ReplyReader();
        assertTrue(r.reset(ByteBuffer.wrap(datagram.getBytes(StandardCharsets.UTF_8)), false), r.problem());
        return r;
    }

    /** Frames each text, wrapped in its checksum. */
    static String wrappedFrames(String... texts) {
        StringBuilder sb = new StringBuilder();
        for (String t : texts) {
            sb.append(new String(Frames.encode(Integrity.wrap(t)), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    @Test
    void aMessageIsItsTextFramed() {
        ReplyReader r = read("15hello");
        assertEquals(1, r.frames());
        assertEquals("hello", r.text(0));
    }

    @Test
    void severalMessagesAreFramesBackToBack() {
        ReplyReader r = read("11a11b");
        assertEquals(2, r.frames());
        assertEquals("b", r.text(1));
    }

    @Test
    void theEmptyFrameMeansNothingToGive() {
        ReplyReader r = read("10");
        assertTrue(r.isEmpty(0));
        assertFalse(r.isError(0));
    }

    @Test
    void aPutAcknowledgementCarriesTheByteCount() {
        assertEquals(5, read("1bPUT 5 bytes").putBytes(0));
    }

    @Test
    void aMessageThatOnlyLooksLikeAPutAcknowledgementIsNotOne() {
        assertEquals(-1, read("1cPUT 5 bytesx").putBytes(0));
        assertEquals(-1, read("1bPUT x bytes").putBytes(0));
    }

    @Test
    void aSizeReplyIsADecimalNumber() {
        assertEquals(137, read("13137").number(0));
        assertEquals(-1, read("15hello").number(0));
    }

    @Test
    void anAckReplyCountsTheIdsThatWereLeased() {
        ReplyReader r = read("15ACK 1");
        assertEquals(1, r.count(0, Verb.ACK));
        assertEquals(-1, r.count(0, Verb.NACK));
    }

    @Test
    void aLeaseGrantCarriesIdDeliveriesMessageIdAndBody() {
        ReplyReader r = read("22141.9c1f0e3a5b7d2e81 1 src-7 hello");
        assertTrue(r.readLease(0));
        Lease lease = r.lease();
        assertEquals(new LeaseId(41, 0x9c1f0e3a5b7d2e81L), lease.leaseId());
        assertEquals(1, lease.deliveries());
        assertEquals("src-7", lease.messageId());
        assertEquals("hello", lease.text());
    }

    @Test
    void aLeaseGrantWithoutAProducerIdHasADash() {
        ReplyReader r = read("22043.9c1f0e3a5b7d2e81 2 - hi there");
        assertTrue(r.readLease(0));
        assertNull(r.lease().messageId());
        assertEquals("hi there", r.lease().text());
        assertEquals(2, r.deliveries());
    }

    @Test
    void aLeaseGrantMayCarryAnEmptyBody() {
        ReplyReader r = read("2171.9c1f0e3a5b7d2e81 1 - ");
        assertTrue(r.readLease(0));
        assertArrayEquals(new byte[0], r.lease().body());
    }

    @Test
    void aMessageIsNotALeaseGrant() {
        assertFalse(read("15hello").readLease(0));
        assertFalse(read("1bx 1 - hello").readLease(0));
    }

    @Test
    void aLeaseGrantWhoseIdHasNoTagIsNotOne() {
        assertFalse(read("1c41 1 - hello").readLease(0));
        assertFalse(read("21141.9c1f 1 - hello").readLease(0));
    }

    @Test
    void statsArePairsInOrder() throws MqException.BadReply {
        Map<String, Long> stats = read("249visible=1 leased=0 dead-lettered=0 deduplicated=0 bytes=5 capacity=100000")
                .stats(0);
        assertEquals(1L, stats.get("visible"));
        assertEquals(100_000L, stats.get("capacity"));
        assertEquals("visible", stats.keySet().iterator().next());
    }

    @Test
    void anErrorCarriesItsReasonAndDetail() {
        ReplyReader r = read("23bERR malformed declared length 0xf exceeds 4 remaining bytes");
        assertTrue(r.isError(0));
        assertEquals(ErrorReason.MALFORMED, r.errorReason(0));
        assertEquals("declared length 0xf exceeds 4 remaining bytes", r.errorDetail(0));
    }

    @Test
    void aMessageStartingWithErrorIsNotAnError() {
        assertFalse(read("18ERRATUM!").isError(0));
    }

    @Test
    void checksummedRepliesAreReadInsideTheirWrapper() {
        ReplyReader r = new ReplyReader();
        assertTrue(r.reset(ByteBuffer.wrap(wrappedFrames("PUT 5 bytes").getBytes(StandardCharsets.UTF_8)), true));
        assertEquals(5, r.putBytes(0));
    }

    @Test
    void aChecksummedReplyWhoseTextChangedIsGarbled() {
        String garbled = wrappedFrames("PUT 5 bytes").replace("PUT 5", "PUT 6");
        ReplyReader r = new ReplyReader();
        assertFalse(r.reset(ByteBuffer.wrap(garbled.getBytes(StandardCharsets.UTF_8)), true));
        assertTrue(r.problem().startsWith("declared "), r.problem());
    }

    @Test
    void anUnwrappedReplyToAChecksummedRequestIsGarbled() {
        assertFalse(new ReplyReader().reset(ByteBuffer.wrap("1bPUT 5 bytes".getBytes(StandardCharsets.UTF_8)), true));
    }

    @Test
    void aMalformedReplyIsGarbled() {
        ReplyReader r = new ReplyReader();
        assertFalse(r.reset(ByteBuffer.wrap("1fPUT".getBytes(StandardCharsets.UTF_8)), false));
        assertEquals(0, r.frames());
    }

    @Test
    void aReplyOfManyFramesIsReadWhole() {
        String frames = "11a".repeat(1024);
        assertEquals(1024, read(frames).frames());
    }
}
