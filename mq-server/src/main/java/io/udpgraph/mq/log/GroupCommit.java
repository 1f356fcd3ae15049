package io.udpgraph.mq.log;

import static java.nio.file.StandardOpenOption.READ;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Forces written records to disk, one force for every thread waiting: a thread that asks while another forces
 * waits for that force and returns as soon as one covers its position; when none runs, it forces everything
 * written so far for itself and every thread that waits.
 *
 * <p>Thread contract: any number of threads at once. {@link #monitor} guards {@code forcing}; it is never held
 * while taking the appender's lock or doing I/O. {@code durablePosition} is written only by the thread holding
 * the right to force; every record below it is on disk.
 */
final class GroupCommit {
    private final Appender appender;
    private final ForceHook forcer;
    private final Object monitor = new Object();
    /** True while one thread holds the right to force; the others wait rather than queue behind it. */
    private boolean forcing;
    private volatile long durablePosition;
    private volatile long forces;

    GroupCommit(Appender appender, ForceHook forcer) {
        this.appender = appender;
        this.forcer = forcer;
    }

    long durablePosition() {
        return durablePosition;
    }

    long forces() {
        return forces;
    }

    /** Returns once the records below {@code position} are on disk, forcing them when no other thread is. */
    void commit(long position) throws IOException {
        if (durablePosition >= position) {
            return;
        }
        boolean interrupted = false;
        try {
            synchronized (monitor) {
                while (durablePosition < position && forcing) {
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        // Durability is not optional for the caller: keep waiting, hand the interrupt back at the end.
                        interrupted = true;
                    }
                }
                if (durablePosition >= position) {
                    return;
                }
                forcing = true;
            }
            try {
                forceAll();
            } finally {
                release();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Forces everything written so far now. */
    void force() throws IOException {
        acquire();
        try {
            forceAll();
        } finally {
            release();
        }
    }

    /** Takes the right to force, waiting for a force in progress; pair with {@link #release()}. */
    void acquire() {
        boolean interrupted = false;
        synchronized (monitor) {
            while (forcing) {
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            forcing = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    void release() {
        synchronized (monitor) {
            forcing = false;
            monitor.notifyAll();
        }
    }

    /** Forces every written record to disk. Holds the right to force. */
    void forceAll() throws IOException {
        long upTo;
        Segment active;
        Segment[] rolled;
        appender.lock.lock();
        try {
            // Staged records count as written: they must reach the file before the force that claims them.
            appender.flushHeld();
            upTo = appender.writtenHeld();
            active = appender.activeHeld();
            rolled = appender.takeRolledHeld();
        } finally {
            appender.lock.unlock();
        }
        if (upTo == durablePosition && rolled.length == 0) {
            return;
        }
        for (int i = 0; i < rolled.length; i++) {
            try {
                forceFile(rolled[i].channel, rolled[i].path);
            } catch (IOException | RuntimeException e) {
                appender.giveBack(Arrays.asList(rolled).subList(i, rolled.length));
                throw e;
            }
            DataDirectory.closeQuietly(rolled[i].channel);
            rolled[i].channel = null;
        }
        forceFile(active.channel, active.path);
        forces += rolled.length + 1;
        durablePosition = upTo;
    }

    private void forceFile(FileChannel channel, Path path) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            if (channel != null) {
                try {
                    forcer.force(channel);
                    return;
                } catch (ClosedByInterruptException e) {
                    throw e;
                } catch (ClosedChannelException e) {
                    // Another thread's interrupt (or close) shut the shared channel; force the file through our own.
                }
            }
            try (FileChannel own = FileChannel.open(path, READ)) {
                forcer.force(own);
            } catch (NoSuchFileException gone) {
                // Compaction deleted it: nothing in it was needed any more.
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
