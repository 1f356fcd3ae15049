package io.udpgraph.mq.log;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * The {@code MANIFEST} file: the lowest and highest segment numbers and the length of each sealed segment, so a
 * missing first or last segment, or a sealed one cut at a record boundary, is noticed at open. Written whole to a
 * temporary file, forced, renamed over the old one; it holds two checksummed copies, so one bad byte costs nothing.
 * The range it names is always a subset of the files present: a roll names a segment only after creating it, and
 * compaction names the new lowest before deleting the old one. A write that fails deletes the file (the checks are
 * then skipped until the next write succeeds) rather than leave a stale one. Thread-safe: every method is
 * synchronized.
 */
final class Manifest {
    static final String FILE = "MANIFEST";
    private static final int MAGIC = 0x464d4755; // "UGMF" little-endian
    private static final int VERSION = 1;
    private static final int FIXED_BYTES = 24;
    private static final int ENTRY_BYTES = 12;
    private static final Logger LOG = Logger.getLogger(Manifest.class.getName());

    /** What a manifest says: segments {@code lowest..highest} exist, and each sealed one is {@code sealed} long. */
    record Contents(int lowest, int highest, Map<Integer, Long> sealed) {
    }

    private final Path file;
    private final Path temp;
    private final DataDirectory dir;
    private final boolean force;
    private int lowest;
    private int highest;
    private final TreeMap<Integer, Long> sealed = new TreeMap<>();

    Manifest(DataDirectory dir, boolean force) {
        this.dir = dir;
        this.file = dir.path().resolve(FILE);
        this.temp = dir.path().resolve(FILE + ".tmp");
        this.force = force;
    }

    /** Reads the manifest; null when there is none (a log written before it existed) or both copies are damaged. */
    Contents read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        int half = bytes.length / 2;
        Contents first = decode(ByteBuffer.wrap(bytes, 0, half).slice().order(ByteOrder.LITTLE_ENDIAN));
        Contents contents = first != null ? first
                : decode(ByteBuffer.wrap(bytes, half, bytes.length - half).slice().order(ByteOrder.LITTLE_ENDIAN));
        if (contents == null) {
            LOG.warning(() -> "both copies of " + file + " are damaged; a missing first or last segment, or a cut sealed"
                    + " one, cannot be noticed at this open (it is written afresh now)");
        }
        return contents;
    }

    private static Contents decode(ByteBuffer buf) {
        if (buf.remaining() < FIXED_BYTES + 4 || buf.getInt(0) != MAGIC || buf.getInt(4) != VERSION) {
            return null;
        }
        int count = buf.getInt(16);
        if (count < 0 || count != (buf.remaining() - FIXED_BYTES - 4) / ENTRY_BYTES
                || buf.remaining() != FIXED_BYTES + 4 + count * ENTRY_BYTES) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().limit(buf.remaining() - 4));
        if ((int) crc.getValue() != buf.getInt(buf.remaining() - 4)) {
            return null;
        }
        Map<Integer, Long> sealed = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            int at = FIXED_BYTES + i * ENTRY_BYTES;
            sealed.put(buf.getInt(at), buf.getLong(at + 4));
        }
        return new Contents(buf.getInt(8), buf.getInt(12), sealed);
    }

    /** Records the segments found at open (all but the last sealed); they must all be on disk. */
    synchronized void reset(List<Segment> segments) {
        sealed.clear();
        for (int i = 0; i < segments.size() - 1; i++) {
            sealed.put(segments.get(i).id, segments.get(i).size);
        }
        lowest = segments.get(0).id;
        highest = segments.get(segments.size() - 1).id;
        write();
    }

    /** Segment {@code next} was created after {@code old}, which is sealed at its current size (null: the first). */
    synchronized void rolled(Segment old, int next) {
        if (old != null) {
            sealed.put(old.id, old.size);
        }
        if (lowest == 0) {
            lowest = old == null ? next : old.id;
        }
        highest = next;
        write();
    }

    /** Segment {@code id}, the lowest, is about to be deleted. */
    synchronized void deleting(int id) {
        sealed.remove(id);
        lowest = id + 1;
        write();
    }

    /** Sealed segment {@code id} is about to be replaced by a compacted copy of {@code size} bytes. */
    synchronized void rewriting(int id, long size) {
        sealed.put(id, size);
        write();
    }

    private void write() {
        ByteBuffer one = ByteBuffer.allocate(FIXED_BYTES + 4 + sealed.size() * ENTRY_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        one.putInt(MAGIC).putInt(VERSION).putInt(lowest).putInt(highest).putInt(sealed.size()).putInt(0);
        sealed.forEach((id, size) -> one.putInt(id).putLong(size));
        CRC32C crc = new CRC32C();
        crc.update(one.array(), 0, one.position());
        one.putInt((int) crc.getValue());
        ByteBuffer both = ByteBuffer.allocate(one.capacity() * 2);
        both.put(one.array()).put(one.array()).flip();
        try {
            try (FileChannel channel = FileChannel.open(temp, CREATE, TRUNCATE_EXISTING, WRITE)) {
                RecordWriter.writeFully(channel, both, 0);
                if (force) {
                    channel.force(false);
                }
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (force) {
                dir.force();
            }
        } catch (IOException e) {
            LOG.warning(() -> "cannot write " + file + " (" + e.getMessage() + "); deleted it, so the next open does not"
                    + " trust a stale one; it is written again at the next roll, compaction or open");
            try {
                Files.deleteIfExists(temp);
                Files.deleteIfExists(file);
            } catch (IOException again) {
                LOG.warning(() -> "cannot delete " + file + " either (" + again.getMessage() + ")");
            }
        }
    }
}
