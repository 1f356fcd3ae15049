package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Reads every example of docs/PROTOCOL.md through the codec, so the document and the code cannot drift apart:
 * each request line ({@code -> …}) is read with {@link RequestReader} and written again with
 * {@link RequestWriter} to the same bytes; each reply ({@code <- …}) is read with {@link ReplyReader} and must be
 * the reply its commands can get, error texts byte for byte where the request alone decides them.
 */
class ProtocolDocExamplesTest {
    private static final Pattern FRAME_ROW = Pattern.compile("^\\| `([^`]*)` \\| `([^`]*)` \\|$");
    private static final Pattern EMPTY_ROW = Pattern.compile("^\\| \\(empty\\) \\| `([^`]*)` \\|$");
    private static final Pattern LIMIT_ROW = Pattern.compile("^\\| `ProtocolLimits\\.([A-Z_]+)` \\| ([0-9,]+) \\|.*");

    /** One example exchange: the line it is on, the request datagram and the reply datagram. */
    record Example(int line, byte[] request, byte[] reply) {
        String where() {
            return "docs/PROTOCOL.md line " + line;
        }
    }

    static List<String> doc() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/PROTOCOL.md"))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "docs/PROTOCOL.md not found above " + Path.of("").toAbsolutePath());
        return Files.readAllLines(dir.resolve("docs/PROTOCOL.md"), StandardCharsets.UTF_8);
    }

    /** Every {@code -> request  <- reply} of the document's code blocks whose bytes are written out in full. */
    static List<Example> examples() throws IOException {
        List<String> lines = doc();
        List<Example> out = new ArrayList<>();
        boolean inCode = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (!inCode || !line.startsWith("-> ")) {
                continue;
            }
            String rest = line.substring(3).strip();
            int space = rest.indexOf(' ');
            String request = space < 0 ? rest : rest.substring(0, space);
            int arrow = rest.indexOf("<- ");
            String reply;
            if (arrow >= 0) {
                reply = rest.substring(arrow + 3);
            } else {
                String next = lines.get(i + 1).strip();
                assertTrue(next.startsWith("<- "), "line " + (i + 2) + " should hold the reply to line " + (i + 1));
                reply = next.substring(3);
            }
            if (request.contains("…")) {
                continue; // an abbreviated request (65,001 bytes of x): its bytes are not on the page
            }
            out.add(new Example(i + 1, utf8(request), replyFrames(reply, i + 1)));
        }
        return out;
    }

    /** The frames at the start of a reply as written on the page; what follows them must be a comment. */
    static byte[] replyFrames(String text, int line) {
        byte[] b = utf8(text);
        int at = 0;
        while (at < b.length && Hex.value(b[at]) > 0) {
            int l = Hex.value(b[at]);
            long n = Hex.read(ByteBuffer.wrap(b), at + 1, l);
            if (n < 0 || at + 1 + l + n > b.length) {
                break;
            }
            at += 1 + l + (int) n;
        }
        String after = new String(b, at, b.length - at, StandardCharsets.UTF_8).strip();
        assertTrue(after.isEmpty() || after.startsWith("("),
                "line " + line + ": the reply's frames end before '" + after + "': a header disagrees with its text");
        return Arrays.copyOf(b, at);
    }

    @Test
    void everyExampleRequestReadsBackAndWritesAgainToTheSameBytes() throws IOException {
        List<Example> examples = examples();
        assertTrue(examples.size() >= 15, "the document's examples were not found: " + examples.size());
        for (Example e : examples) {
            RequestReader r = new RequestReader().reset(ByteBuffer.wrap(e.request()));
            if (r.refusal() != null) {
                continue; // a malformed example: its reply is checked below
            }
            ByteBuffer again = ByteBuffer.allocate(ProtocolLimits.MAX_DATAGRAM_BYTES);
            RequestWriter w = new RequestWriter(again);
            while (r.hasNext()) {
                rewrite(r.next(), w);
            }
            assertEquals(new String(e.request(), StandardCharsets.UTF_8),
                    new String(again.array(), 0, again.position(), StandardCharsets.UTF_8), e.where());
        }
    }

    @Test
    void everyVerbHasAnExampleTheCodecReadsWithoutError() throws IOException {
        Set<Verb> shown = EnumSet.noneOf(Verb.class);
        for (Example e : examples()) {
            RequestReader r = new RequestReader().reset(ByteBuffer.wrap(e.request()));
            while (r.refusal() == null && r.hasNext()) {
                if (r.next().error() == null) {
                    shown.add(r.verb());
                }
            }
        }
        Set<Verb> missing = EnumSet.complementOf(EnumSet.of(Verb.UNKNOWN));
        missing.removeAll(shown);
        assertTrue(missing.isEmpty(), "docs/PROTOCOL.md has no example exchange of " + missing);
    }

    /** Writes the command the reader is on with the writer's method for its verb. */
    static void rewrite(RequestReader r, RequestWriter w) {
        w.checksums(r.checksummed());
        if (r.error() == ErrorReason.CHECKSUM) {
            w.checksums(false).text(utf8(r.text())); // a failed checksum: the frame as it came
            return;
        }
        byte[] body = new byte[Math.max(0, r.bodyLength())];
        switch (r.error() == null ? r.verb() : Verb.UNKNOWN) {
            case PUT -> w.put(bodyOf(r, body));
            case PUTID -> w.putWithId(r.producerId(), bodyOf(r, body));
            case GET -> {
                switch (colons(r.text())) {
                    case 0 -> w.get();
                    case 1 -> w.get(r.max());
                    default -> w.get(r.max(), r.waitMs());
                }
            }
            case LEASE -> {
                if (colons(r.text()) == 2) {
                    w.lease(r.max(), r.leaseMs());
                } else {
                    w.lease(r.max(), r.leaseMs(), r.waitMs());
                }
            }
            case ACK -> w.ack(ids(r));
            case NACK -> w.nack(ids(r));
            case SIZE -> w.size();
            case STATS -> w.stats();
            case PEEK -> w.peek();
            default -> w.text(utf8(r.text()));
        }
    }

    @Test
    void everyExampleReplyIsTheReplyItsRequestCanGet() throws IOException {
        for (Example e : examples()) {
            RequestReader r = new RequestReader().reset(ByteBuffer.wrap(e.request()));
            ReplyReader reply = new ReplyReader();
            boolean wrapped = wrappedRequest(e.request());
            assertTrue(reply.reset(ByteBuffer.wrap(e.reply()), wrapped), e.where() + ": " + reply.problem());
            // A node cuts its ERR replies to what the datagram may draw (ProtocolLimits.errorReplyBudget).
            ReplyWriter errors = new ReplyWriter();
            errors.reset();
            errors.wrap(wrapped);
            int budget = ProtocolLimits.errorReplyBudget(e.request().length);
            if (r.refusal() != null) {
                assertEquals(1, reply.frames(), e.where());
                errors.errorWithin(r.refusal(), r.refusalDetail(), budget);
                assertEquals(lastFrameText(errors, wrapped), reply.text(0), e.where());
                continue;
            }
            int k = 0;
            while (r.hasNext()) {
                r.next();
                assertTrue(k < reply.frames(), e.where() + ": no reply frame for command " + r.index());
                if (r.error() != null) {
                    budget -= errors.errorWithin(r.error(), r.errorDetail(), budget);
                    assertEquals(lastFrameText(errors, wrapped), reply.text(k), e.where());
                }
                k = checkReply(r, reply, k, e.where());
            }
            assertEquals(reply.frames(), k, e.where() + ": reply frames nobody asked for");
        }
    }

    @Test
    void everyExampleReplyIsWhatTheReplyWriterWrites() throws IOException {
        for (Example e : examples()) {
            ReplyReader reply = new ReplyReader();
            boolean wrapped = wrappedRequest(e.request());
            assertTrue(reply.reset(ByteBuffer.wrap(e.reply()), wrapped), e.where() + ": " + reply.problem());
            ReplyWriter out = new ReplyWriter();
            out.reset();
            out.wrap(wrapped);
            for (int i = 0; i < reply.frames(); i++) {
                out.text(reply.bytes(i));
            }
            ByteBuffer written = out.flip();
            byte[] bytes = new byte[written.remaining()];
            written.get(bytes);
            assertEquals(new String(e.reply(), StandardCharsets.UTF_8), new String(bytes, StandardCharsets.UTF_8),
                    e.where());
        }
    }

    /** The text of the last frame {@code errors} wrote. */
    private static String lastFrameText(ReplyWriter errors, boolean wrapped) {
        ReplyReader frames = new ReplyReader();
        assertTrue(frames.reset(ByteBuffer.wrap(errors.copy()), wrapped), frames.problem());
        return frames.text(frames.frames() - 1);
    }

    /** Checks the reply frames of the command {@code r} is on, from frame {@code k}; returns the next frame. */
    static int checkReply(RequestReader r, ReplyReader reply, int k, String where) {
        if (r.error() != null) {
            return k + 1; // its text is checked against the node's error budget by the caller
        }
        if (reply.isError(k)) {
            return k + 1; // refused for the node's state (full, too large), not for the request's form
        }
        switch (r.verb()) {
            case PUT, PUTID -> assertEquals(r.bodyLength(), reply.putBytes(k), where);
            case SIZE -> assertTrue(reply.number(k) >= 0, where + ": SIZE answered " + reply.text(k));
            case ACK, NACK -> {
                long count = reply.count(k, r.verb());
                assertTrue(count >= 0 && count <= r.ids(), where + ": " + reply.text(k));
            }
            case STATS -> assertTrue(reply.text(k).contains("="), where);
            case PEEK -> assertTrue(reply.frames() - k >= 1, where + ": PEEK answers with one frame");
            case GET -> {
                assertTrue(reply.frames() - k <= r.max(), where + ": more messages than asked for");
                return reply.frames();
            }
            case LEASE -> {
                if (!reply.isEmpty(k)) {
                    assertTrue(reply.frames() - k <= r.max(), where + ": more grants than asked for");
                    for (int i = k; i < reply.frames(); i++) {
                        assertTrue(reply.readLease(i), where + ": not a lease grant: " + reply.text(i));
                    }
                }
                return reply.frames();
            }
            default -> fail(where + ": " + r.verb());
        }
        return k + 1;
    }

    @Test
    void everyFrameOfTheFramesTableIsItsTextEncoded() throws IOException {
        int rows = 0;
        for (String line : doc()) {
            Matcher m = FRAME_ROW.matcher(line.strip());
            Matcher empty = EMPTY_ROW.matcher(line.strip());
            if (m.matches() && m.group(2).matches("[1-9a-f].*")) {
                assertArrayEquals(utf8(m.group(2)), Frames.encode(m.group(1)), line);
                rows++;
            } else if (empty.matches()) {
                assertArrayEquals(utf8(empty.group(1)), Frames.encode(""), line);
                rows++;
            }
        }
        assertTrue(rows >= 6, "the frames table was not found: " + rows + " rows");
    }

    @Test
    void everyLimitInTheLimitsTableIsTheCodecs() throws Exception {
        int rows = 0;
        for (String line : doc()) {
            Matcher m = LIMIT_ROW.matcher(line.strip());
            if (m.matches()) {
                Number value = (Number) ProtocolLimits.class.getField(m.group(1)).get(null);
                assertEquals(Long.parseLong(m.group(2).replace(",", "")), value.longValue(), line);
                rows++;
            }
        }
        assertEquals(ProtocolLimits.class.getFields().length, rows, "every ProtocolLimits constant has its row");
    }

    static boolean wrappedRequest(byte[] request) {
        ByteBuffer b = ByteBuffer.wrap(request);
        int header = RequestReader.firstHeaderLength(b);
        return header > 0 && Integrity.isWrapped(b, header, request.length - header);
    }

    static int colons(String text) {
        return (int) text.chars().filter(c -> c == ':').count();
    }

    static byte[] bodyOf(RequestReader r, byte[] body) {
        r.buffer().get(r.bodyStart(), body);
        return body;
    }

    static LeaseId[] ids(RequestReader r) {
        LeaseId[] ids = new LeaseId[r.ids()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = new LeaseId(r.sequence(i), r.tag(i));
        }
        return ids;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
