package io.udpgraph.mq.log;

import java.io.IOException;

/**
 * Reads live messages' PUT records back for a log that keeps only its index: one at a time for delivery, or all
 * of them, oldest first, after a start. Every read holds the appender's lock, so the index, the staging buffer and
 * a compaction's swap of a file are seen together.
 */
final class LiveReads {
    private final Appender appender;

    LiveReads(Appender appender) {
        this.appender = appender;
    }

    /**
     * Reads live message {@code seq}'s PUT record into {@code view}, from the records staged for the turn's write
     * when it is one of them; false when {@code seq} is not live.
     *
     * @throws IOException when the file cannot be read, or the record there is damaged or not {@code seq}'s PUT
     */
    boolean readPut(long seq, PutView view) throws IOException {
        appender.lock.lock();
        try {
            return readHeld(seq, view);
        } finally {
            appender.lock.unlock();
        }
    }

    private boolean readHeld(long seq, PutView view) throws IOException {
        appender.ensureOpenHeld();
        LiveIndex live = appender.liveHeld();
        long entry = live.entry(seq);
        if (entry == LiveIndex.MISSING) {
            return false;
        }
        long offset = LiveIndex.offsetOf(entry);
        Segment segment = appender.segmentById(live.segment(seq));
        if (segment == null) {
            throw new IOException("message " + seq + " is live, but the segment holding it is gone");
        }
        RecordWriter writer = appender.writerHeld();
        long staged = writer.stagedAt(segment);
        if (staged >= 0 && offset >= staged) {
            view.loadStaged(writer.stagedRecords(), (int) (offset - staged));
        } else {
            view.loadFile(segment, segment.readChannel(), offset, staged >= 0 ? staged : segment.size);
        }
        view.parse(seq, segment, offset);
        return true;
    }

    /** See {@link SegmentedLog#forEachLive}: reads each live message back, ascending, under the lock. */
    void forEachLive(PutView view, LongLongMap counts, SegmentedLog.LiveVisitor visitor) throws IOException {
        appender.lock.lock();
        try {
            appender.liveHeld().forEachAscending(seq -> {
                if (readHeld(seq, view)) {
                    visitor.message(seq, view, (int) counts.get(seq, 0));
                }
            });
        } finally {
            appender.lock.unlock();
        }
    }
}
