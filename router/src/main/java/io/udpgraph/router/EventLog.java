package io.udpgraph.router;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The {@code --log-events} file: one ASCII line per datagram, written as the router decides its fate,
 * {@code <seq> <direction> <bytes> <verb> <action>…}, for example {@code 17 up 19 PUT garble#3@7^0x10 dup#2x2}.
 * Outcomes that depend on timing (a full rate-limit queue, the bound on held datagrams, an expired
 * session) come later as their own line with the same seq and a {@code late:} action. Lines are built in a
 * reused buffer and written in blocks. Past {@code --log-events-max-bytes} the file is renamed to
 * {@code FILE.1} (replacing the one before) and a new one begun, between lines, so the log holds at most twice
 * that on disk. Single-threaded: the loop thread only.
 */
final class EventLog implements AutoCloseable {
    private static final int FLUSH_AT = 64 * 1024;
    private final Path path;
    private final long maxBytes;
    private WritableByteChannel file;
    private long written;
    private final ByteBuffer out = ByteBuffer.allocate(128 * 1024);
    private final byte[] digits = new byte[20];
    /** True when lines were written since the last flush. */
    private boolean dirty;

    /** Writes to {@code file}, which it closes on {@link #close()}. */
    EventLog(WritableByteChannel file) {
        this(file, null, Long.MAX_VALUE);
    }

    private EventLog(WritableByteChannel file, Path path, long maxBytes) {
        this.file = file;
        this.path = path;
        this.maxBytes = maxBytes;
    }

    /** Creates or truncates {@code path}; past {@code maxBytes} it rotates to {@code path.1}. */
    static EventLog open(Path path, long maxBytes) throws IOException {
        return new EventLog(create(path), path, maxBytes);
    }

    private static WritableByteChannel create(Path path) throws IOException {
        try {
            return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new IOException("cannot write the event log " + path + ": " + e.getMessage(), e);
        }
    }

    /** The file a rotated log moves to. */
    static Path rotated(Path path) {
        return path.resolveSibling(path.getFileName() + ".1");
    }

    /**
     * Writes the line of a datagram of {@code bytes} bytes and verb code {@code verb} travelling {@code way}:
     * what {@code d} decided for it, or {@code pass}.
     */
    void decided(Decision d, Direction way, int bytes, int verb) throws IOException {
        begin(d.seq, way, bytes, verb);
        if (d.n == 0) {
            space().ascii(PASS);
        }
        for (int i = 0; i < d.n; i++) {
            space();
            FaultKind k = d.kind[i];
            if (d.viaRandom[i]) {
                ascii(FaultKind.RANDOM.token()).ascii('#').number(d.fault[i]).ascii(':').ascii(k.token());
            } else {
                ascii(k.token()).ascii('#').number(d.fault[i]);
            }
            switch (k) {
                case GARBLE -> ascii('@').number(d.a[i]).ascii('^').hexByte((int) d.b[i]);
                case DUPLICATE -> ascii('x').number(d.a[i]);
                case DELAY -> ascii('=').millis(d.a[i]);
                case REORDER -> ascii('=').number(d.a[i]);
                default -> {
                }
            }
        }
        end();
    }

    /** Writes a line for what happened to {@code p} after its decision: {@code late:WHAT[#FAULT]}. */
    void late(Packet p, String what, long faultId) throws IOException {
        begin(p.seq, p.way, p.length, p.verb).space().ascii(LATE).ascii(what.getBytes(StandardCharsets.US_ASCII));
        if (faultId > 0) {
            ascii('#').number(faultId);
        }
        end();
    }

    /**
     * Writes {@code # text} on a line of its own: what happened around the datagrams (a schedule step), in
     * ASCII (anything else becomes {@code ?}). Readers skip lines that start with {@code #}.
     */
    void note(String text) throws IOException {
        ascii('#').space().ascii(text.replace('\n', ' ').getBytes(StandardCharsets.US_ASCII));
        end();
    }

    /** Starts a line: {@code <seq> <direction> <bytes> <verb>}. */
    EventLog begin(long seq, Direction way, int bytes, int verb) {
        number(seq).space().ascii(way == Direction.UP ? UP : DOWN).space().number(bytes).space();
        return ascii(VerbSniffer.logName(verb));
    }

    EventLog space() {
        out.put((byte) ' ');
        return this;
    }

    EventLog ascii(byte[] text) {
        out.put(text);
        return this;
    }

    EventLog ascii(char c) {
        out.put((byte) c);
        return this;
    }

    EventLog number(long v) {
        if (v < 0) {
            out.put((byte) '-');
            v = -v;
        }
        int i = digits.length;
        do {
            digits[--i] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        out.put(digits, i, digits.length - i);
        return this;
    }

    /** Two lowercase hex digits after {@code 0x}. */
    EventLog hexByte(int b) {
        out.put((byte) '0').put((byte) 'x').put(HEX[(b >>> 4) & 0xf]).put(HEX[b & 0xf]);
        return this;
    }

    /** Nanoseconds as milliseconds with three decimals: {@code 5.123ms}. */
    EventLog millis(long nanos) {
        long micros = nanos / 1000;
        number(micros / 1000).ascii('.');
        long frac = micros % 1000;
        out.put((byte) ('0' + frac / 100)).put((byte) ('0' + frac / 10 % 10)).put((byte) ('0' + frac % 10));
        return ascii(MS);
    }

    /** Ends the line; writes the block out when it is nearly full. */
    void end() throws IOException {
        out.put((byte) '\n');
        dirty = true;
        if (out.position() >= FLUSH_AT) {
            flush();
        }
    }

    /** Writes out what {@link #end} left in the block, if anything. */
    void flushIfDirty() throws IOException {
        if (dirty) {
            flush();
        }
    }

    void flush() throws IOException {
        dirty = false;
        out.flip();
        written += out.remaining();
        while (out.hasRemaining()) {
            file.write(out);
        }
        out.clear();
        if (written >= maxBytes && path != null) {
            rotate();
        }
    }

    private void rotate() throws IOException {
        file.close();
        Files.move(path, rotated(path), StandardCopyOption.REPLACE_EXISTING);
        file = create(path);
        written = 0;
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            file.close();
        }
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UP = "up".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DOWN = "down".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MS = "ms".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PASS = "pass".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LATE = "late:".getBytes(StandardCharsets.US_ASCII);
}
