package io.udpgraph.mq.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * One message's PUT record read back from the log by {@link SegmentedLog#readPut}: its body and producer id lie
 * in {@link #buffer()}, valid until the next read. A view reads a block of the file at a time and serves the
 * records that follow from it, so a consumer taking messages in order costs one positional read per block.
 *
 * <p>Thread contract: one reader at a time (a queue node reads under its store's lock); the log fills it under
 * its own lock.
 */
public final class PutView {
    private static final int BLOCK_BYTES = 64 << 10;

    private ByteBuffer buffer = ByteBuffer.allocateDirect(BLOCK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    /** The file bytes the buffer holds: {@code [blockStart, blockStart + blockBytes)} of that generation of the file. */
    private Segment blockSegment;
    private int blockGeneration;
    private long blockStart;
    private int blockBytes;
    private long reads;
    private int recordAt;
    private long seq;
    private long enqueuedAtMillis;
    private int idLength;
    private int bodyLength;

    /** Holds the bytes of the record at {@code recordAt}. */
    public ByteBuffer buffer() {
        return buffer;
    }

    public long seq() {
        return seq;
    }

    /** When the node accepted the message (wall-clock milliseconds), as its PUT record says. */
    public long enqueuedAtMillis() {
        return enqueuedAtMillis;
    }

    public int idLength() {
        return idLength;
    }

    public int idOffset() {
        return recordAt + RecordFormat.FRAME_BYTES + RecordFormat.PUT_FIXED_PAYLOAD;
    }

    public int bodyLength() {
        return bodyLength;
    }

    public int bodyOffset() {
        return idOffset() + idLength;
    }

    /** Positional reads of the files so far, for tests that check blocks are reused. */
    public long fileReads() {
        return reads;
    }

    /** Copies the record at {@code from} in {@code staged} (records not yet in the file) into the buffer. */
    void loadStaged(ByteBuffer staged, int from) throws IOException {
        int length = frameBytes(staged, from);
        ensureCapacity(length);
        buffer.clear();
        buffer.put(0, staged, from, length);
        blockSegment = null;
        recordAt = 0;
    }

    /** Reads the record at {@code offset} of {@code segment}, whose file holds {@code fileEnd} bytes of records. */
    void loadFile(Segment segment, FileChannel channel, long offset, long fileEnd) throws IOException {
        if (blockSegment == segment && blockGeneration == segment.generation && offset >= blockStart
                && offset + RecordFormat.FRAME_BYTES <= blockStart + blockBytes) {
            int at = (int) (offset - blockStart);
            if (at + frameBytes(buffer, at) <= blockBytes) {
                recordAt = at;
                return;
            }
        }
        if (fileEnd - offset < RecordFormat.FRAME_BYTES) {
            throw new IOException("the log's index points past the records of " + segment.path + " (offset " + offset
                    + ", records end at " + fileEnd + ")");
        }
        int want = (int) Math.min(Math.min(BLOCK_BYTES, buffer.capacity()), fileEnd - offset);
        readBlock(segment, channel, offset, want);
        int length = frameBytes(buffer, 0);
        if (length > blockBytes) {
            ensureCapacity(length);
            readBlock(segment, channel, offset, length);
        }
        recordAt = 0;
    }

    private void readBlock(Segment segment, FileChannel channel, long offset, int bytes) throws IOException {
        blockSegment = null;
        buffer.clear().limit(bytes);
        long at = offset;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException(segment.path + " ends at " + at + ", before the record at " + offset
                        + " that the log's index points to");
            }
            at += n;
        }
        reads++;
        buffer.clear();
        blockSegment = segment;
        blockGeneration = segment.generation;
        blockStart = offset;
        blockBytes = bytes;
    }

    /**
     * Checks that the loaded record is intact and is {@code expectedSeq}'s PUT, and reads its fields.
     *
     * @throws IOException naming the file and offset when the bytes fail their checksum or are another record
     */
    void parse(long expectedSeq, Segment segment, long offset) throws IOException {
        int payload = buffer.getInt(recordAt);
        int stored = buffer.getInt(recordAt + 4);
        if (payload < RecordFormat.PUT_FIXED_PAYLOAD || payload > RecordFormat.MAX_PAYLOAD_BYTES
                || RecordFormat.checksum(buffer, recordAt, payload, crc) != stored) {
            blockSegment = null;
            throw new IOException("the PUT record of message " + expectedSeq + " at offset " + offset + " of "
                    + segment.path + " fails its checksum: the file was damaged after it was written");
        }
        int p = recordAt + RecordFormat.FRAME_BYTES;
        seq = buffer.getLong(p + 1);
        if (buffer.get(p) != RecordFormat.TYPE_PUT || seq != expectedSeq) {
            blockSegment = null;
            throw new IOException("offset " + offset + " of " + segment.path + " holds no PUT of message "
                    + expectedSeq + ": the log's index and the file disagree");
        }
        enqueuedAtMillis = buffer.getLong(p + 9);
        idLength = buffer.get(p + 17) & 0xff;
        bodyLength = payload - RecordFormat.PUT_FIXED_PAYLOAD - idLength;
    }

    private static int frameBytes(ByteBuffer b, int at) throws IOException {
        int payload = b.getInt(at);
        if (payload < RecordFormat.PUT_FIXED_PAYLOAD || payload > RecordFormat.MAX_PAYLOAD_BYTES) {
            throw new IOException("a PUT record read back has a damaged length (" + payload + " bytes)");
        }
        return RecordFormat.FRAME_BYTES + payload;
    }

    private void ensureCapacity(int bytes) {
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
            blockSegment = null;
        }
    }
}
