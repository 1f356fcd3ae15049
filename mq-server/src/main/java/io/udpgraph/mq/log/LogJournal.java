package io.udpgraph.mq.log;

import io.udpgraph.mq.StoreJournal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Makes a queue node durable: {@code QueueConfig.defaults().journal(LogJournal.open(dataDir, logConfig))}.
 * The node then answers a PUT only once the log holds it (on disk, under {@link FsyncPolicy#ALWAYS}) and
 * takes its messages back, with their delivery counts, when it starts on the same directory again.
 *
 * <p>Thread contract: as {@link StoreJournal} asks, any number of the node's threads may call it at once;
 * the {@link SegmentedLog} underneath serialises the writes and shares forces among them.
 */
public final class LogJournal implements StoreJournal {
    private final SegmentedLog log;

    private LogJournal(SegmentedLog log) {
        this.log = log;
    }

    /**
     * Opens (and replays) the log in {@code dir}; the node takes the replayed messages when it starts.
     *
     * @throws IOException with a message naming the directory or file at fault and what to do about it
     */
    public static LogJournal open(Path dir, LogConfig config) throws IOException {
        return new LogJournal(SegmentedLog.open(dir, config));
    }

    /** The log underneath, for its {@link SegmentedLog#stats()} (gauges) or an explicit compaction. */
    public SegmentedLog log() {
        return log;
    }

    @Override
    public void recover(Recovery into) throws IOException {
        for (RecoveredMessage m : log.takeRecovered().messages()) {
            String producerId = m.messageId() == null ? null : new String(m.messageId(), StandardCharsets.UTF_8);
            into.message(m.seq(), producerId, m.body(), m.deliveries());
        }
    }

    @Override
    public void appended(long seq, String producerId, byte[] body) throws IOException {
        byte[] id = producerId == null ? null : producerId.getBytes(StandardCharsets.UTF_8);
        if (!log.appendPut(seq, System.currentTimeMillis(), id, body)) {
            throw new IOException("the log in " + log.directory() + " already holds a live message numbered " + seq
                    + "; the node must not hand out a number that is in use");
        }
    }

    @Override
    public void removed(long seq) throws IOException {
        log.appendRemove(seq);
    }

    @Override
    public void delivered(long seq, int deliveries) throws IOException {
        log.appendDelivered(seq, deliveries);
    }

    @Override
    public void deadLettered(long seq) throws IOException {
        log.appendRemove(seq);
    }

    @Override
    public void close() throws IOException {
        log.close();
    }

    @Override
    public String toString() {
        return "log in " + log.directory() + " (fsync " + log.config().fsync().word() + ")";
    }
}
