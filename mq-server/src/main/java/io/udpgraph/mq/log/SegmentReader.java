package io.udpgraph.mq.log;

import static io.udpgraph.mq.log.RecordFormat.DELIVERED_PAYLOAD;
import static io.udpgraph.mq.log.RecordFormat.FRAME_BYTES;
import static io.udpgraph.mq.log.RecordFormat.MAX_PAYLOAD_BYTES;
import static io.udpgraph.mq.log.RecordFormat.PUT_FIXED_PAYLOAD;
import static io.udpgraph.mq.log.RecordFormat.REMOVE_PAYLOAD;
import static io.udpgraph.mq.log.RecordFormat.TYPE_DELIVERED;
import static io.udpgraph.mq.log.RecordFormat.TYPE_ID;
import static io.udpgraph.mq.log.RecordFormat.TYPE_PUT;
import static io.udpgraph.mq.log.RecordFormat.TYPE_REMOVE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads the records of one segment file in order, checking each frame; one thread, used at open and by
 * the compactor. After {@link Step#RECORD} the fields of that record are readable until the next call.
 */
final class SegmentReader {
    enum Step {
        RECORD,
        /** The file ends exactly after the last record. */
        END,
        /** The bytes from {@link #offset()} to the end do not form an intact record; {@link #problem()} says why. */
        BAD
    }

    private static final int INITIAL_BUFFER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final long end;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf = ByteBuffer.allocate(INITIAL_BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN).limit(0);
    /** File offset of {@code buf[0]}. */
    private long bufStart;
    /** Index in {@code buf} of the current record. */
    private int at;
    private long next;

    private long offset;
    private int recordBytes;
    private byte type;
    private long seq;
    private long enqueuedAtMillis;
    private int deliveries;
    private int idBytes;
    private int bodyBytes;
    private String problem;

    SegmentReader(FileChannel channel, long start, long end) {
        this.channel = channel;
        this.end = end;
        this.next = start;
        this.bufStart = start;
    }

    Step next() throws IOException {
        return parseAt(next);
    }

    /**
     * After {@link Step#BAD}: finds the next offset past the bad one where an intact record starts, so the damage
     * costs only its own bytes, and makes {@link #next()} read from there. Returns that offset, or -1 when no intact
     * record follows (the rest of the file is damage or a torn tail). {@link #problem()} keeps the first fault.
     */
    long resync() throws IOException {
        long bad = offset;
        String why = problem;
        for (long p = bad + 1; p + FRAME_BYTES < end; p++) {
            if (parseAt(p) == Step.RECORD) {
                next = p;
                offset = bad;
                problem = why;
                return p;
            }
        }
        offset = bad;
        problem = why;
        return -1;
    }

    /** {@link #next()}, skipping damaged bytes: RECORD or END (also when only damage is left). */
    Step nextIntact() throws IOException {
        Step step = next();
        while (step == Step.BAD) {
            if (resync() < 0) {
                return Step.END;
            }
            step = next();
        }
        return step;
    }

    /**
     * True when every byte from {@code from} to the end is zero: space preallocated past the last record, which no
     * write has reached yet, so the log ends there cleanly. (No record starts with zeros: its length is at least 1.)
     */
    boolean zeroFrom(long from) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 << 10);
        for (long at = from; at < end; ) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), end - at));
            int read = channel.read(chunk, at);
            if (read < 0) {
                return false;
            }
            for (int i = 0; i < read; i++) {
                if (chunk.get(i) != 0) {
                    return false;
                }
            }
            at += read;
        }
        return true;
    }

    /**
     * After {@link Step#BAD}: what the damaged record seems to have been, from its type and sequence number
     * fields (which the damage may have spared or hit), for a report; empty when they do not look like one.
     */
    String damagedRecordGuess() throws IOException {
        ByteBuffer fields = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN);
        long at = offset + FRAME_BYTES;
        while (fields.hasRemaining() && at + fields.position() < end) {
            if (channel.read(fields, at + fields.position()) < 0) {
                break;
            }
        }
        if (fields.hasRemaining()) {
            return "";
        }
        String kind = switch (fields.get(0)) {
            case TYPE_PUT -> "PUT";
            case TYPE_REMOVE -> "REMOVE";
            case TYPE_DELIVERED -> "DELIVERED";
            case TYPE_ID -> "ID";
            default -> null;
        };
        long guessed = fields.getLong(1);
        return kind == null || guessed < 0 ? "" : "; perhaps the " + kind + " of message " + guessed;
    }

    private Step parseAt(long from) throws IOException {
        offset = from;
        long left = end - offset;
        if (left == 0) {
            return Step.END;
        }
        if (left < FRAME_BYTES) {
            return bad(left + " bytes are too few for a record frame");
        }
        if (!load(FRAME_BYTES)) {
            return bad("the file ended while reading it");
        }
        int n = buf.getInt(at);
        int stored = buf.getInt(at + 4);
        if (n < 1 || n > MAX_PAYLOAD_BYTES) {
            return bad("declared payload length " + Integer.toUnsignedString(n) + " is out of range");
        }
        if (left < FRAME_BYTES + (long) n) {
            return bad("a record of " + (FRAME_BYTES + n) + " bytes runs past the end of the file (" + left + " bytes left)");
        }
        if (!load(FRAME_BYTES + n)) {
            return bad("the file ended while reading it");
        }
        if (RecordFormat.checksum(buf, at, n, crc) != stored) {
            return bad("checksum mismatch");
        }
        int p = at + FRAME_BYTES;
        type = buf.get(p);
        switch (type) {
            case TYPE_PUT -> {
                if (n < PUT_FIXED_PAYLOAD) {
                    return bad("a PUT payload of " + n + " bytes is too short");
                }
                seq = buf.getLong(p + 1);
                enqueuedAtMillis = buf.getLong(p + 9);
                idBytes = buf.get(p + 17) & 0xff;
                bodyBytes = n - PUT_FIXED_PAYLOAD - idBytes;
                if (bodyBytes < 0) {
                    return bad("a PUT's id length " + idBytes + " exceeds its payload");
                }
            }
            case TYPE_ID -> {
                if (n < PUT_FIXED_PAYLOAD + 1) {
                    return bad("an ID payload of " + n + " bytes is too short");
                }
                seq = buf.getLong(p + 1);
                enqueuedAtMillis = buf.getLong(p + 9);
                idBytes = buf.get(p + 17) & 0xff;
                bodyBytes = 0;
                if (idBytes != n - PUT_FIXED_PAYLOAD) {
                    return bad("an ID record's id length " + idBytes + " does not match its payload of " + n + " bytes");
                }
            }
            case TYPE_REMOVE -> {
                if (n != REMOVE_PAYLOAD) {
                    return bad("a REMOVE payload must be " + REMOVE_PAYLOAD + " bytes, not " + n);
                }
                seq = buf.getLong(p + 1);
            }
            case TYPE_DELIVERED -> {
                if (n != DELIVERED_PAYLOAD) {
                    return bad("a DELIVERED payload must be " + DELIVERED_PAYLOAD + " bytes, not " + n);
                }
                seq = buf.getLong(p + 1);
                deliveries = buf.getInt(p + 9);
            }
            default -> {
                return bad("unknown record type " + type);
            }
        }
        if (seq < 0) {
            return bad("negative sequence number " + seq);
        }
        recordBytes = FRAME_BYTES + n;
        next = offset + recordBytes;
        return Step.RECORD;
    }

    private Step bad(String why) {
        problem = why;
        return Step.BAD;
    }

    /** Makes the {@code bytes} from {@link #offset} readable at {@link #at}; false when the file is shorter. */
    private boolean load(int bytes) throws IOException {
        long rel = offset - bufStart;
        if (rel + bytes <= buf.limit()) {
            at = (int) rel;
            return true;
        }
        int kept = buf.limit() - (int) rel;
        ByteBuffer target = buf;
        if (bytes > buf.capacity()) {
            target = ByteBuffer.allocate(Math.max(bytes, buf.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
        }
        // Move the unread tail to the front, then top up from the file.
        ByteBuffer tail = buf.duplicate().position((int) rel).limit(buf.limit());
        target.clear();
        target.put(tail);
        buf = target;
        bufStart = offset;
        at = 0;
        long filePos = bufStart + kept;
        while (buf.position() < bytes) {
            int wanted = (int) Math.min(buf.capacity() - buf.position(), end - filePos);
            if (wanted <= 0) {
                break;
            }
            buf.limit(buf.position() + wanted);
            int read = channel.read(buf, filePos);
            buf.limit(buf.capacity());
            if (read < 0) {
                break;
            }
            filePos += read;
        }
        buf.flip();
        return buf.limit() >= bytes;
    }

    long offset() {
        return offset;
    }

    int recordBytes() {
        return recordBytes;
    }

    byte type() {
        return type;
    }

    long seq() {
        return seq;
    }

    long enqueuedAtMillis() {
        return enqueuedAtMillis;
    }

    int deliveries() {
        return deliveries;
    }

    String problem() {
        return problem;
    }

    /** The current PUT's or ID's id bytes, or null when it has none. */
    byte[] copyId() {
        if (idBytes == 0) {
            return null;
        }
        byte[] id = new byte[idBytes];
        buf.get(at + FRAME_BYTES + PUT_FIXED_PAYLOAD, id);
        return id;
    }

    /** The current PUT's body. */
    byte[] copyBody() {
        byte[] body = new byte[bodyBytes];
        buf.get(at + FRAME_BYTES + PUT_FIXED_PAYLOAD + idBytes, body);
        return body;
    }

    /** Appends the current record's bytes, frame included, to {@code dst}. */
    void copyRecordTo(ByteBuffer dst) {
        dst.put(buf.duplicate().position(at).limit(at + recordBytes));
    }
}
