package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The request grammar, one behaviour per test: what {@link RequestWriter} writes, byte for byte, and how
 * {@link RequestReader} reads it back, or names the {@code ERR <reason> <detail>} a node answers.
 */
class RequestGrammarTest {

    static String written(Consumer<RequestWriter> write) {
        ByteBuffer buf = ByteBuffer.allocate(ProtocolLimits.MAX_DATAGRAM_BYTES);
        write.accept(new RequestWriter(buf));
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    static RequestReader read(String datagram) {
        return new RequestReader().reset(ByteBuffer.wrap(datagram.getBytes(StandardCharsets.UTF_8)));
    }

    /** The reader on the only (or first) command of a datagram. */
    static RequestReader first(String datagram) {
        return read(datagram).next();
    }

    static String errorText(RequestReader r) {
        return Reply.errorText(r.error(), r.errorDetail());
    }

    static String body(RequestReader r) {
        byte[] b = new byte[r.bodyLength()];
        r.buffer().get(r.bodyStart(), b);
        return new String(b, StandardCharsets.UTF_8);
    }

    // ---- PUT ----

    @Test
    void putIsThePutVerbAndTheBodyFramed() {
        assertEquals("1fPUT:Lorem Ipsum", written(w -> w.put("Lorem Ipsum".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void putReadsBackAsItsBody() {
        RequestReader r = first("1fPUT:Lorem Ipsum");
        assertEquals(Verb.PUT, r.verb());
        assertNull(r.error());
        assertEquals("Lorem Ipsum", body(r));
        assertNull(r.producerId());
    }

    @Test
    void theBodyKeepsEveryLaterColon() {
        assertEquals("a:b", body(first("17PUT:a:b")));
    }

    @Test
    void putAloneIsAnEmptyMessage() {
        RequestReader r = first("13PUT");
        assertEquals(Verb.PUT, r.verb());
        assertEquals(0, r.bodyLength());
    }

    @Test
    void sizeOfPutIsTheLengthOfTheFrameWritten() {
        byte[] body = new byte[300];
        assertEquals(written(w -> w.put(body)).length(), RequestWriter.sizeOfPut(300, false));
    }

    // ---- PUTID ----

    @Test
    void putWithIdPutsTheIdBetweenVerbAndBody() {
        assertEquals("211PUTID:src-7:hello", written(w -> w.putWithId("src-7", bytes("hello"))));
    }

    @Test
    void putWithIdReadsBackAsIdAndBody() {
        RequestReader r = first("211PUTID:src-7:hello");
        assertEquals(Verb.PUTID, r.verb());
        assertEquals("src-7", r.producerId());
        assertEquals("hello", body(r));
    }

    @Test
    void sizeOfPutWithIdIsTheLengthOfTheFrameWritten() {
        assertEquals(written(w -> w.putWithId("in-1.0", new byte[200])).length(),
                RequestWriter.sizeOfPutWithId(6, 200, false));
    }

    @Test
    void putIdWithoutASecondColonIsAUsageError() {
        assertEquals("ERR usage PUTID takes <id>:<text>, e.g. PUTID:src-7:hello", errorText(first("19PUTID:abc")));
    }

    @Test
    void putIdWithAnEmptyIdIsAUsageError() {
        assertEquals("ERR usage a PUTID id is 1-128 bytes, got 0", errorText(first("19PUTID::hi")));
    }

    @Test
    void putIdWithAnIdOver128BytesIsAUsageError() {
        String id = "x".repeat(129);
        assertEquals("ERR usage a PUTID id is 1-128 bytes, got 129",
                errorText(first(written(w -> w.putWithId(id, bytes("a"))))));
    }

    @Test
    void putIdWithASpaceInItsIdNamesTheByte() {
        assertEquals("ERR usage a PUTID id is printable ASCII without ':' or space; byte 1 is 0x20",
                errorText(first(written(w -> w.text(bytes("PUTID:a b:c"))))));
    }

    // ---- GET ----

    @Test
    void classicGetIsTheBareVerb() {
        assertEquals("13GET", written(RequestWriter::get));
    }

    @Test
    void classicGetTakesOneMessageWithoutWaiting() {
        RequestReader r = first("13GET");
        assertEquals(Verb.GET, r.verb());
        assertEquals(1, r.max());
        assertEquals(0, r.waitMs());
    }

    @Test
    void getWithACountAndNoWaitLeavesTheWaitOut() {
        assertEquals("15GET:3", written(w -> w.get(3)));
    }

    @Test
    void aWaitOfZeroIsWrittenWhenAsked() {
        assertEquals("17GET:3:0", written(w -> w.get(3, 0)));
    }

    @Test
    void getWithAWaitAppendsIt() {
        assertEquals("19GET:3:500", written(w -> w.get(3, 500)));
    }

    @Test
    void getReadsBackItsCountAndWait() {
        RequestReader r = first("19GET:3:500");
        assertEquals(3, r.max());
        assertEquals(500, r.waitMs());
        assertNull(r.error());
    }

    @Test
    void getWithAnArgumentThatIsNotANumberIsAClassicGet() {
        RequestReader r = first("15GET:x");
        assertEquals(Verb.GET, r.verb());
        assertNull(r.error());
        assertEquals(1, r.max());
    }

    @Test
    void getForMoreThan1024MessagesIsAUsageError() {
        assertEquals("ERR usage GET:<n> takes n from 1 to 1024, got 1025", errorText(first("18GET:1025")));
    }

    @Test
    void getForNoMessageIsAUsageError() {
        assertEquals("ERR usage GET:<n> takes n from 1 to 1024, got 0", errorText(first("15GET:0")));
    }

    @Test
    void getWaitingOverAMinuteIsAUsageError() {
        assertEquals("ERR usage GET:<n>:<wait-ms> takes a wait of 0 to 60000 ms, got '60001'",
                errorText(first("1bGET:1:60001")));
    }

    @Test
    void getForSeveralMessagesBeforeAnotherCommandIsAUsageError() {
        RequestReader r = read("15GET:214SIZE").next();
        assertEquals("ERR usage a GET for several messages or with a wait must be the last command of its datagram,"
                + " so its reply can be told apart", errorText(r));
        assertNull(r.next().error(), "the SIZE after it is served");
    }

    @Test
    void sizeOfGetIsTheLengthOfTheFrameWritten() {
        assertEquals(written(w -> w.get(1024, 60_000)).length(), RequestWriter.sizeOfGet(1024, 60_000, false));
    }

    // ---- LEASE ----

    @Test
    void leaseWithoutAWaitHasTwoArguments() {
        assertEquals("1dLEASE:2:30000", written(w -> w.lease(2, 30_000)));
    }

    @Test
    void leaseWithAWaitHasThreeArguments() {
        assertEquals("1eLEASE:2:30:500", written(w -> w.lease(2, 30, 500)));
    }

    @Test
    void leaseReadsBackCountLeaseTimeAndWait() {
        RequestReader r = first("1eLEASE:2:30:500");
        assertEquals(Verb.LEASE, r.verb());
        assertEquals(2, r.max());
        assertEquals(30, r.leaseMs());
        assertEquals(500, r.waitMs());
    }

    @Test
    void leaseWithoutArgumentsTeachesItsForm() {
        assertEquals("ERR usage LEASE takes <n>:<lease-ms>[:<wait-ms>], e.g. LEASE:10:30000", errorText(first("15LEASE")));
    }

    @Test
    void leaseOverTwelveHoursNamesEveryRange() {
        assertEquals("ERR usage LEASE takes <n>:<lease-ms>[:<wait-ms>], e.g. LEASE:10:30000 (n 1-1024,"
                + " lease-ms 1-43200000, wait-ms 0-60000); got '1:43200001'", errorText(first("210LEASE:1:43200001")));
    }

    @Test
    void leaseBeforeAnotherCommandIsAUsageError() {
        assertEquals("ERR usage a LEASE must be the last command of its datagram, so its reply can be told apart",
                errorText(read("1cLEASE:1:100014SIZE").next()));
    }

    @Test
    void sizeOfGetWithoutAWaitIsTheLengthOfTheFrameWritten() {
        assertEquals(written(w -> w.get(7)).length(), RequestWriter.sizeOfGet(7, false));
    }

    @Test
    void sizeOfLeaseIsTheLengthOfTheFrameWritten() {
        assertEquals(written(w -> w.lease(32, 30_000, 1000)).length(),
                RequestWriter.sizeOfLease(32, 30_000, 1000, false));
    }

    // ---- ACK, NACK ----

    private static final LeaseId A41 = new LeaseId(41, 0x9c1f0e3a5b7d2e81L);
    private static final LeaseId A42 = new LeaseId(42, 0x2a);

    @Test
    void ackListsItsIdsWithCommas() {
        assertEquals("22bACK:41.9c1f0e3a5b7d2e81,42.000000000000002a", written(w -> w.ack(A41, A42)));
    }

    @Test
    void nackListsItsIdsWithCommas() {
        assertEquals("22cNACK:41.9c1f0e3a5b7d2e81,42.000000000000002a", written(w -> w.nack(A41, A42)));
    }

    @Test
    void ackReadsBackEveryId() {
        RequestReader r = first("22bACK:41.9c1f0e3a5b7d2e81,42.000000000000002A");
        assertEquals(Verb.ACK, r.verb());
        assertEquals(2, r.ids());
        assertEquals(41, r.sequence(0));
        assertEquals(0x9c1f0e3a5b7d2e81L, r.tag(0));
        assertEquals(42, r.sequence(1));
        assertEquals(0x2a, r.tag(1));
    }

    @Test
    void aBareNumberAsALeaseIdIsReadAsNamingNoLease() {
        RequestReader r = first("19ACK:41,42");
        assertNull(r.error());
        assertEquals(2, r.ids());
        assertEquals(-1, r.sequence(0));
        assertEquals(-1, r.sequence(1));
    }

    @Test
    void ackWithoutIdsIsAUsageError() {
        assertEquals("ERR usage ACK takes the lease ids LEASE gave, separated by commas", errorText(first("14ACK:")));
    }

    @Test
    void nackWithANonDecimalIdNamesIt() {
        assertEquals("ERR usage NACK takes lease ids <sequence>.<16 hex digits>, comma-separated; got 'x'", errorText(first("18NACK:1,x")));
    }

    @Test
    void ackWithATrailingCommaNamesTheEmptyId() {
        assertEquals("ERR usage ACK takes lease ids <sequence>.<16 hex digits>, comma-separated; got ''", errorText(first("16ACK:1,")));
    }

    @Test
    void idsOfEveryShapeInOneListAreReadEachToItsOwnEnd() {
        RequestReader r = first("22dACK:41.9c1f0e3a5b7d2e81,7,42.07A4c6e1f2b3d5a9");
        assertNull(r.error());
        assertEquals(3, r.ids());
        assertEquals(41, r.sequence(0));
        assertEquals(0x9c1f0e3a5b7d2e81L, r.tag(0));
        assertEquals(-1, r.sequence(1), "a bare number");
        assertEquals(42, r.sequence(2));
        assertEquals(0x07a4c6e1f2b3d5a9L, r.tag(2));
    }

    @Test
    void aCommaWhereATagsDigitsShouldBeIsRefusedWithTheTokenToItsEnd() {
        assertEquals("ERR usage ACK takes lease ids <sequence>.<16 hex digits>, comma-separated; got '41.9c1f0e3a,b7d2...'",
                errorText(first("217ACK:41.9c1f0e3a,b7d2e81")));
        assertEquals("ERR usage ACK takes lease ids <sequence>.<16 hex digits>, comma-separated; got '41.9c1f0e3a5b7d2...'",
                errorText(first("218ACK:41.9c1f0e3a5b7d2e8,1")));
    }

    @Test
    void sizeOfAckIsTheLengthOfTheFrameWritten() {
        LeaseId[] ids = {new LeaseId(1, 0), A41, new LeaseId(333_333_333_333L, -1)};
        assertEquals(written(w -> w.ack(ids)).length(), RequestWriter.sizeOfAck(ids, false));
    }

    // ---- SIZE, STATS, unknown verbs ----

    @Test
    void sizeAndStatsAreBareVerbs() {
        assertEquals("14SIZE15STATS", written(w -> w.size().stats()));
    }

    @Test
    void sizeWithAnArgumentIsStillASize() {
        assertEquals(Verb.SIZE, first("16SIZE:x").verb());
        assertNull(first("16SIZE:x").error());
    }

    @Test
    void verbsAreMatchedExactlyAndCaseSensitively() {
        RequestReader r = first("13get");
        assertEquals(Verb.UNKNOWN, r.verb());
        assertEquals("ERR unknown verb 'get': expected PUT, GET, SIZE, PUTID, LEASE, ACK, NACK, STATS or PEEK", errorText(r));
    }

    @Test
    void everyExtensionVerbIsRecognised() {
        for (String verb : new String[] {"PUTID", "LEASE", "ACK", "NACK", "STATS"}) {
            assertEquals(Verb.valueOf(verb), first(written(w -> w.text(bytes(verb + ":1")))).verb());
        }
    }

    @Test
    void anUnknownVerbKeepsItsTextForTheErrorMessage() {
        assertTrue(first("16PING:1").errorDetail().startsWith("verb 'PING': "));
    }

    @Test
    void aLongUnknownVerbIsCutTo16BytesInTheDetail() {
        String verb = "X".repeat(40);
        assertEquals("verb '" + "X".repeat(16) + "...': expected PUT, GET, SIZE, PUTID, LEASE, ACK, NACK, STATS or PEEK",
                first(written(w -> w.text(bytes(verb)))).errorDetail());
    }

    @Test
    void anUnknownVerbsControlBytesAreEscapedInTheDetail() {
        assertEquals("verb 'P\\x00\\x1b\\x27\\x5c': expected PUT, GET, SIZE, PUTID, LEASE, ACK, NACK, STATS or PEEK",
                first(written(w -> w.text(new byte[] {'P', 0, 27, '\'', '\\'}))).errorDetail());
    }

    // ---- batches ----

    @Test
    void aBatchIsFramesBackToBack() {
        assertEquals("15PUT:a15PUT:b15GET:2",
                written(w -> w.put(bytes("a")).put(bytes("b")).get(2)));
    }

    @Test
    void aBatchReadsBackCommandByCommandInOrder() {
        RequestReader r = read("15PUT:a15PUT:b15GET:2");
        assertEquals(3, r.commands());
        assertEquals("a", body(r.next()));
        assertEquals("b", body(r.next()));
        assertEquals(Verb.GET, r.next().verb());
        assertTrue(r.last());
        assertFalse(r.hasNext());
    }

    @Test
    void theWriterCountsTheFramesOfABatch() {
        RequestWriter w = new RequestWriter(ByteBuffer.allocate(64)).size().stats().get();
        assertEquals(3, w.frames());
    }

    @Test
    void aBatchOfMoreThan200CommandsIsRefusedWhole() {
        RequestReader r = read("14SIZE".repeat(201));
        assertEquals(ErrorReason.USAGE, r.refusal());
        assertEquals("a datagram of 201 commands: a batch holds at most 200; split it", r.refusalDetail());
        assertFalse(r.hasNext());
    }

    @Test
    void aBatchOf200CommandsIsRead() {
        assertNull(read("14SIZE".repeat(200)).refusal());
    }

    @Test
    void aMalformedFrameAnywhereRefusesTheWholeDatagram() {
        RequestReader r = read("14SIZE1fGETX");
        assertEquals(ErrorReason.MALFORMED, r.refusal());
        assertFalse(r.hasNext());
    }

    @Test
    void aMalformedDatagramIsRefusedWithTheFrameDecodersDetail() {
        RequestReader r = read("1fGETX");
        assertEquals("ERR malformed declared length 0xf exceeds 4 remaining bytes",
                Reply.errorText(r.refusal(), r.refusalDetail()));
    }

    @Test
    void anEmptyDatagramIsRefusedAsMalformed() {
        assertEquals(ErrorReason.MALFORMED, read("").refusal());
    }

    @Test
    void aFrameThatDoesNotFitTheBufferLeftIsRefusedBeforeAnyByteIsWritten() {
        ByteBuffer small = ByteBuffer.allocate(8);
        RequestWriter w = new RequestWriter(small);
        assertThrows(FrameTooLargeException.class, () -> w.put(bytes("hello")));
        assertEquals(0, small.position());
    }

    // ---- the checksum wrapper ----

    @Test
    void checksumsWrapEachFrameInTheCrc32cOfItsCommand() {
        assertEquals("213~8b069426~PUT:hello", written(w -> w.checksums(true).put(bytes("hello"))));
    }

    @Test
    void aWrappedCommandReadsBackAsTheCommandInside() {
        RequestReader r = first("213~8b069426~PUT:hello");
        assertTrue(r.checksummed());
        assertEquals(Verb.PUT, r.verb());
        assertEquals("hello", body(r));
    }

    @Test
    void aWrappedCommandWhoseTextChangedIsAChecksumError() {
        RequestReader r = first("213~8b069427~PUT:hello");
        assertTrue(r.checksummed());
        assertEquals("ERR checksum declared 8b069427, computed 8b069426 over 9 bytes: the frame was changed on the way;"
                + " nothing was done, send it again", errorText(r));
    }

    @Test
    void aWrapperWithANonHexDigitNamesIt() {
        assertEquals("ERR checksum checksum digit 3 is not hex: the wrapper is ~<8 lowercase hex digits>~<text>",
                errorText(first("213~8bz69426~PUT:hello")));
    }

    @Test
    void sizesCountTheWrapper() {
        assertEquals(written(w -> w.checksums(true).lease(1, 100)).length(),
                RequestWriter.sizeOfLease(1, 100, true));
    }

    @Test
    void inABatchOnlyTheWrappedCommandsAreChecked() {
        RequestReader r = read(written(w -> w.checksums(true).ack(A41).checksums(false).size()));
        assertTrue(r.next().checksummed());
        assertFalse(r.next().checksummed());
    }

    // ---- a look at the first frame ----

    @Test
    void theFirstVerbIsReadThroughTheWrapper() {
        assertEquals(Verb.PUT, RequestReader.firstVerb(ByteBuffer.wrap(bytes("213~8b069426~PUT:hello"))));
    }

    @Test
    void theFirstVerbOfABrokenHeaderIsNull() {
        assertNull(RequestReader.firstVerb(ByteBuffer.wrap(bytes("1fGETX"))));
    }

    @Test
    void theFirstVerbOfALongUnknownWordIsUnknown() {
        assertEquals(Verb.UNKNOWN, RequestReader.firstVerb(ByteBuffer.wrap(bytes("1bHello world"))));
    }

    @Test
    void theFirstHeaderLengthIsLPlusOne() {
        assertEquals(3, RequestReader.firstHeaderLength(ByteBuffer.wrap(bytes("229abc"))));
        assertEquals(-1, RequestReader.firstHeaderLength(ByteBuffer.wrap(bytes("0"))));
    }

    @Test
    void readingLeavesTheDatagramAsItWas() {
        ByteBuffer datagram = ByteBuffer.wrap(bytes("15PUT:a15GET:2"));
        RequestReader r = new RequestReader().reset(datagram);
        while (r.hasNext()) {
            r.next();
        }
        assertEquals(0, datagram.position());
        assertEquals(14, datagram.limit());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
