package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zeros go ahead of the records a chunk at a time; a chunk that does not fit leaves the file as it was. */
class PreallocatorTest {
    private static final int HEADER = RecordFormat.HEADER_BYTES;

    @TempDir
    Path tmp;

    private Segment segment(long diskBytes) throws IOException {
        Path file = tmp.resolve("1.log");
        FileChannel real = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        real.write(ByteBuffer.allocate(HEADER), 0);
        Segment segment = new Segment(1, file, 0, HEADER);
        segment.channel = new SmallDisk(real, diskBytes);
        return segment;
    }

    @Test
    void theFileGrowsByAWholeChunkOfZerosCappedAtTheSegmentSize() throws IOException {
        Segment segment = segment(Long.MAX_VALUE);
        new Preallocator(64 << 20).ahead(segment, HEADER + 126);
        assertEquals(Preallocator.CHUNK_BYTES, Files.size(segment.path));
        assertEquals(Preallocator.CHUNK_BYTES, segment.allocated);
        segment.channel.close();

        Files.delete(segment.path);
        Segment small = segment(Long.MAX_VALUE);
        new Preallocator(4096).ahead(small, HEADER + 126);
        assertEquals(4096, Files.size(small.path), "a segment rolls at its size, so zeros past it would be waste");
        small.channel.close();
    }

    @Test
    void aChunkThatDoesNotFitIsCutOffAndTheSegmentGrowsRecordByRecordFromThen() throws IOException {
        Segment segment = segment(64 << 10);
        Preallocator preallocator = new Preallocator(64 << 20);
        preallocator.ahead(segment, HEADER + 126);
        assertTrue(segment.preallocationFailed);
        assertEquals(HEADER, Files.size(segment.path), "no zeros are left behind by the chunk that did not fit");
        assertEquals(HEADER, segment.allocated);
        segment.size = HEADER + 126;
        preallocator.ahead(segment, HEADER + 252);
        assertEquals(HEADER, Files.size(segment.path), "no second try in the same segment");
        segment.channel.close();
    }

    @Test
    void trimCutsTheZerosPastTheRecords() throws IOException {
        Segment segment = segment(Long.MAX_VALUE);
        new Preallocator(64 << 20).ahead(segment, HEADER + 126);
        segment.size = HEADER + 126;
        Preallocator.trim(segment);
        assertEquals(HEADER + 126, Files.size(segment.path));
        assertEquals(HEADER + 126, segment.allocated);
        assertFalse(segment.preallocationFailed);
        segment.channel.close();
    }

    /** A file on a disk that holds {@code limit} bytes: a write past it fails as on a full disk. */
    private static final class SmallDisk extends FileChannel {
        private final FileChannel file;
        private final long limit;

        SmallDisk(FileChannel file, long limit) {
            this.file = file;
            this.limit = limit;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            if (position + src.remaining() > limit) {
                int fits = (int) Math.max(0, limit - position);
                if (fits > 0) {
                    return file.write(src.duplicate().limit(src.position() + fits), position) + skip(src, fits);
                }
                throw new IOException("No space left on device");
            }
            return file.write(src, position);
        }

        private static int skip(ByteBuffer src, int n) {
            src.position(src.position() + n);
            return 0;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return file.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return file.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            throw new UnsupportedOperationException("the log writes at positions");
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException("the log writes at positions");
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            file.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            file.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return file.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException("the log writes at positions");
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return file.read(dst, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return file.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return file.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }
    }
}
