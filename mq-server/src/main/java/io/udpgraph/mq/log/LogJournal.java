package io.udpgraph.mq.log;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.udpgraph.mq.StoreJournal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

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
        return open(dir, config, ForceHook.FORCE_DATA);
    }

    /** For tests that watch or hold the forces. */
    static LogJournal open(Path dir, LogConfig config, ForceHook forcer) throws IOException {
        return new LogJournal(SegmentedLog.open(dir, config, forcer, false));
    }

    /** The log underneath, for its {@link SegmentedLog#stats()} (gauges) or an explicit compaction. */
    public SegmentedLog log() {
        return log;
    }

    @Override
    public void recover(Recovery into) throws IOException {
        RecoveredState state = log.takeRecovered();
        into.nextSeq(state.nextSeq());
        for (RecoveredId id : state.ids()) {
            into.producerId(new String(id.messageId(), StandardCharsets.UTF_8), id.enqueuedAtMillis());
        }
        // Opened without bodies: the state holds no messages, and each live one is read back from the files.
        log.forEachLive((seq, put, deliveries) -> {
            String producerId = null;
            if (put.idLength() > 0) {
                byte[] id = new byte[put.idLength()];
                put.buffer().get(put.idOffset(), id);
                producerId = new String(id, StandardCharsets.UTF_8);
            }
            into.message(seq, producerId, null, put.bodyLength(), deliveries, put.enqueuedAtMillis());
        });
    }

    /** The node keeps only the numbers of its messages; bodies are read back from the log as they are delivered. */
    @Override
    public boolean keepsBodies() {
        return true;
    }

    @Override
    public boolean readPut(long seq, PutView into) throws IOException {
        return log.readPut(seq, into);
    }

    @Override
    public long memoryBytes() {
        return log.memoryBytes();
    }

    @Override
    public void appended(long seq, String producerId, byte[] body) throws IOException {
        byte[] id = producerId == null ? null : producerId.getBytes(StandardCharsets.UTF_8);
        if (log.writePut(seq, System.currentTimeMillis(), id == null ? null : ByteBuffer.wrap(id), ByteBuffer.wrap(body))
                == SegmentedLog.NOT_WRITTEN) {
            throw new IOException("the log in " + log.directory() + " already holds a live message numbered " + seq
                    + "; the node must not hand out a number that is in use");
        }
    }

    /**
     * Writes what was staged since the last commit with one write and, under {@link FsyncPolicy#ALWAYS}, forces
     * it, sharing the force with every thread waiting.
     */
    @Override
    public void commit() throws IOException {
        log.commit(log.writtenPosition());
    }

    @Override
    public boolean commitsPerTurn() {
        return true;
    }

    @Override
    public void removed(long seq) throws IOException {
        log.writeRemove(seq);
    }

    @Override
    public void delivered(long seq, int deliveries) throws IOException {
        log.writeDelivered(seq, deliveries);
    }

    /** Commits at once: a dead-lettered message leaves on the housekeeping thread, with no reply to wait for it. */
    @Override
    public void deadLettered(long seq) throws IOException {
        log.appendRemove(seq);
    }

    @Override
    public List<Meter> registerMeters(MeterRegistry registry, Tags tags) {
        return List.of(
                counter(registry, tags, "mq.log.appends", null, s -> s.appendedRecords(),
                        "records appended to the log (PUT, REMOVE, DELIVERED)"),
                counter(registry, tags, "mq.log.appended", "bytes", s -> s.appendedBytes(),
                        "bytes of the records appended to the log"),
                counter(registry, tags, "mq.log.forces", null, s -> s.forces(),
                        "forces of log files to disk (one force may cover the records of many PUTs)"),
                counter(registry, tags, "mq.log.compacted.segments", null,
                        s -> s.segmentsDeleted() + s.segmentsRewritten(),
                        "sealed segments the compactor deleted or rewrote smaller"),
                counter(registry, tags, "mq.log.reclaimed", "bytes", s -> s.bytesReclaimed(),
                        "disk bytes the compactor gave back"),
                counter(registry, tags, "mq.log.background.errors", null, s -> s.backgroundErrors(),
                        "failures of the log's fsync or compactor thread (each kind is logged once)"),
                Gauge.builder("mq.log.segments", log, l -> l.stats().segments()).tags(tags)
                        .description("segment files in the data directory").register(registry),
                Gauge.builder("mq.log.disk", log, l -> l.stats().diskBytes()).tags(tags).baseUnit("bytes")
                        .description("bytes of the segment files").register(registry));
    }

    private FunctionCounter counter(MeterRegistry registry, Tags tags, String name, String unit,
                                    ToDoubleFunction<LogStats> value, String description) {
        return FunctionCounter.builder(name, log, l -> value.applyAsDouble(l.stats())).tags(tags).baseUnit(unit)
                .description(description).register(registry);
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
