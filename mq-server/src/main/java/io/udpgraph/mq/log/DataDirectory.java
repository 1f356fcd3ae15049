package io.udpgraph.mq.log;

import static io.udpgraph.mq.log.RecordFormat.COMPACT_SUFFIX;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log's directory: holds its {@code LOCK} while open, names and lists the segment files, forces the
 * directory after a creation, rename or deletion, and keeps copies of damaged segments in {@code quarantine/}.
 * Thread-safe: its state is the lock, taken once at open and released once at close.
 */
final class DataDirectory implements AutoCloseable {
    static final String LOCK_FILE = "LOCK";
    static final String QUARANTINE = "quarantine";
    private static final Logger LOG = Logger.getLogger(DataDirectory.class.getName());

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AtomicBoolean forceWarned = new AtomicBoolean();

    private DataDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates the directory when missing and locks it; the message of a failure says what to do. */
    static DataDirectory lock(Path dir) throws IOException {
        FileChannel lockChannel;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), CREATE, WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("the data directory " + dir + " is not a directory (" + e.getFile()
                    + " is a file); choose a directory", e);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write in the data directory " + dir + ": permission denied on "
                    + e.getFile() + "; choose a directory this user may write, or change its permissions", e);
        } catch (NoSuchFileException e) {
            throw new IOException("cannot use the data directory " + dir + ": " + e.getFile() + " cannot be created"
                    + " (no such file or directory); choose a directory on a writable file system", e);
        } catch (FileSystemException e) {
            throw new IOException("cannot use the data directory " + dir + ": " + e.getFile() + ": "
                    + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason())
                    + "; choose a writable directory", e);
        }
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("the data directory " + dir + " is in use by another open log (another queue node,"
                    + " in this process or another); stop that one or choose another data directory");
        }
        return new DataDirectory(dir, lockChannel, lock);
    }

    Path path() {
        return dir;
    }

    Path segment(int id) {
        return dir.resolve(RecordFormat.segmentFileName(id));
    }

    Path compacting(Segment segment) {
        return dir.resolve(segment.path.getFileName() + ".compact");
    }

    /** Numbers of the segment files present, ascending. */
    int[] segmentIds() throws IOException {
        List<Integer> ids = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path path : stream) {
                int id = RecordFormat.parseSegmentFileName(path.getFileName().toString());
                if (id > 0) {
                    ids.add(id);
                }
            }
        }
        return ids.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Deletes what an interrupted compaction left; the segment it was made from is intact. */
    void deleteUnfinishedCompactions() throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + COMPACT_SUFFIX)) {
            for (Path leftover : stream) {
                Files.delete(leftover);
                LOG.info(() -> "deleted " + leftover + ", left by a compaction that did not finish; its segment is intact");
            }
        }
    }

    /**
     * Keeps a copy of a damaged segment in {@code quarantine/} (once: an existing copy is kept) and returns where;
     * null when the copy failed (a full disk), which is logged and does not stop the log.
     */
    Path quarantine(Path segment) {
        Path aside = dir.resolve(QUARANTINE).resolve(segment.getFileName());
        try {
            Files.createDirectories(aside.getParent());
            if (!Files.exists(aside)) {
                Files.copy(segment, aside, StandardCopyOption.COPY_ATTRIBUTES);
            }
            return aside;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot keep a copy of the damaged " + segment + " in " + aside.getParent()
                    + " (" + e + "); the damaged bytes are skipped, not rewritten, so the file itself still holds them", e);
            return null;
        }
    }

    /** Makes creations, renames and deletions in the directory durable. */
    void force() {
        try (FileChannel channel = FileChannel.open(dir, READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open a directory; the files themselves are still forced.
            if (forceWarned.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "cannot force the directory " + dir + " to disk (logged once)", e);
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel releases it too.
        }
        closeQuietly(lockChannel);
    }

    static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a file we only read or already forced; nothing is lost.
        }
    }
}
