package io.udpgraph.mq.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Byte layout of segment headers and records (see package-info); buffers must be little-endian. */
final class RecordFormat {
    static final int FRAME_BYTES = 8;
    static final byte TYPE_PUT = 1;
    static final byte TYPE_REMOVE = 2;
    static final byte TYPE_DELIVERED = 3;
    /** A producer id remembered for deduplication after its message left: a PUT's fixed fields, no body. */
    static final byte TYPE_ID = 4;
    /** type, seq, enqueuedAtMillis, idLength. */
    static final int PUT_FIXED_PAYLOAD = 1 + 8 + 8 + 1;
    static final int REMOVE_PAYLOAD = 1 + 8;
    static final int DELIVERED_PAYLOAD = 1 + 8 + 4;
    static final int REMOVE_RECORD_BYTES = FRAME_BYTES + REMOVE_PAYLOAD;
    static final int DELIVERED_RECORD_BYTES = FRAME_BYTES + DELIVERED_PAYLOAD;
    static final int MAX_ID_BYTES = 255;
    static final int MAX_BODY_BYTES = 16 << 20;
    static final int MAX_PAYLOAD_BYTES = PUT_FIXED_PAYLOAD + MAX_ID_BYTES + MAX_BODY_BYTES;

    static final int HEADER_BYTES = 24;
    static final int MAGIC = 'U' | 'G' << 8 | 'L' << 16 | 'G' << 24;
    static final int VERSION = 1;

    static final String SEGMENT_SUFFIX = ".log";
    static final String COMPACT_SUFFIX = ".log.compact";
    private static final int NAME_DIGITS = 20;

    private RecordFormat() {
    }

    static int putRecordBytes(int idBytes, int bodyBytes) {
        return FRAME_BYTES + PUT_FIXED_PAYLOAD + idBytes + bodyBytes;
    }

    static int idRecordBytes(int idBytes) {
        return FRAME_BYTES + PUT_FIXED_PAYLOAD + idBytes;
    }

    static String segmentFileName(int id) {
        String digits = Integer.toString(id);
        return "0".repeat(NAME_DIGITS - digits.length()) + digits + SEGMENT_SUFFIX;
    }

    /** The segment number in a segment file's name, or -1 when the name is not one. */
    static int parseSegmentFileName(String name) {
        if (name.length() != NAME_DIGITS + SEGMENT_SUFFIX.length() || !name.endsWith(SEGMENT_SUFFIX)) {
            return -1;
        }
        long id = 0;
        for (int i = 0; i < NAME_DIGITS; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            id = id * 10 + (c - '0');
            if (id > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return id == 0 ? -1 : (int) id;
    }

    /** Writes a PUT at the buffer's position and advances it; leaves {@code id} and {@code body} unmoved. */
    static void encodePut(ByteBuffer buf, CRC32C crc, long seq, long enqueuedAtMillis, ByteBuffer id, ByteBuffer body) {
        int start = buf.position();
        buf.position(start + FRAME_BYTES);
        buf.put(TYPE_PUT).putLong(seq).putLong(enqueuedAtMillis);
        if (id == null) {
            buf.put((byte) 0);
        } else {
            int p = id.position();
            buf.put((byte) id.remaining()).put(id);
            id.position(p);
        }
        int p = body.position();
        buf.put(body);
        body.position(p);
        seal(buf, start, crc);
    }

    /** Writes an ID record (1 to {@value #MAX_ID_BYTES} id bytes) at the buffer's position and advances it. */
    static void encodeId(ByteBuffer buf, CRC32C crc, long seq, long enqueuedAtMillis, byte[] id) {
        int start = buf.position();
        buf.position(start + FRAME_BYTES);
        buf.put(TYPE_ID).putLong(seq).putLong(enqueuedAtMillis).put((byte) id.length).put(id);
        seal(buf, start, crc);
    }

    static void encodeRemove(ByteBuffer buf, CRC32C crc, long seq) {
        int start = buf.position();
        buf.position(start + FRAME_BYTES);
        buf.put(TYPE_REMOVE).putLong(seq);
        seal(buf, start, crc);
    }

    static void encodeDelivered(ByteBuffer buf, CRC32C crc, long seq, int deliveries) {
        int start = buf.position();
        buf.position(start + FRAME_BYTES);
        buf.put(TYPE_DELIVERED).putLong(seq).putInt(deliveries);
        seal(buf, start, crc);
    }

    /** Fills in length and checksum of the record from {@code start} to the buffer's position. */
    private static void seal(ByteBuffer buf, int start, CRC32C crc) {
        int end = buf.position();
        buf.putInt(start, end - start - FRAME_BYTES);
        buf.putInt(start + 4, checksum(buf, start, end - start - FRAME_BYTES, crc));
    }

    /** CRC32C of the length field and payload of the record at {@code start}; position and limit are kept. */
    static int checksum(ByteBuffer buf, int start, int payloadBytes, CRC32C crc) {
        int position = buf.position();
        int limit = buf.limit();
        crc.reset();
        buf.limit(start + 4).position(start);
        crc.update(buf);
        buf.limit(start + FRAME_BYTES + payloadBytes).position(start + FRAME_BYTES);
        crc.update(buf);
        buf.limit(limit).position(position);
        return (int) crc.getValue();
    }

    static void encodeHeader(ByteBuffer buf, CRC32C crc, int segmentId, long seqFloor) {
        int start = buf.position();
        buf.putInt(MAGIC).putInt(VERSION).putLong(seqFloor).putInt(segmentId);
        int end = buf.position();
        crc.reset();
        buf.limit(end).position(start);
        crc.update(buf);
        buf.limit(buf.capacity()).position(end);
        buf.putInt((int) crc.getValue());
    }

    /** What a segment's first bytes say; TORN covers any damaged header, including one byte of the magic. */
    enum HeaderCheck { OK, TORN, NOT_A_SEGMENT, UNKNOWN_VERSION }

    /** Checks the header in {@code buf[0..HEADER_BYTES)}, given that the file held {@code available} bytes. */
    static HeaderCheck checkHeader(ByteBuffer buf, long available, CRC32C crc) {
        if (available < HEADER_BYTES) {
            return HeaderCheck.TORN;
        }
        boolean zeros = true;
        for (int i = 0; i < HEADER_BYTES; i++) {
            zeros &= buf.get(i) == 0;
        }
        if (zeros) {
            return HeaderCheck.TORN;
        }
        int magic = buf.getInt(0);
        if (magic != MAGIC) {
            // One byte off is a damaged segment; more is some other file.
            int differing = 0;
            for (int shift = 0; shift < 32; shift += 8) {
                differing += (magic >>> shift & 0xff) != (MAGIC >>> shift & 0xff) ? 1 : 0;
            }
            return differing == 1 ? HeaderCheck.TORN : HeaderCheck.NOT_A_SEGMENT;
        }
        crc.reset();
        buf.limit(HEADER_BYTES - 4).position(0);
        crc.update(buf);
        buf.limit(buf.capacity()).position(0);
        if ((int) crc.getValue() != buf.getInt(HEADER_BYTES - 4)) {
            return HeaderCheck.TORN;
        }
        return buf.getInt(4) == VERSION ? HeaderCheck.OK : HeaderCheck.UNKNOWN_VERSION;
    }

    static long headerSeqFloor(ByteBuffer buf) {
        return buf.getLong(8);
    }

    static int headerSegmentId(ByteBuffer buf) {
        return buf.getInt(16);
    }
}
