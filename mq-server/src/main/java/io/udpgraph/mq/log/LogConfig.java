package io.udpgraph.mq.log;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SegmentedLog} syncs, rolls and compacts; start from {@link #defaults()} and change what you need.
 *
 * @param fsync               when appends are forced to disk
 * @param fsyncInterval       how often the background thread forces under {@link FsyncPolicy#INTERVAL}
 * @param segmentBytes        a segment rolls when the next record would take it past this size
 * @param compactionInterval  how often the background compactor looks for work; {@link Duration#ZERO} runs
 *                            no compactor thread (call {@link SegmentedLog#compactNow()} yourself)
 * @param compactionLiveRatio a sealed segment is rewritten when its live messages take less than this
 *                            fraction of it, and the rewrite would be at most that fraction of its size
 * @param idRetention         how long the producer id of a message that left the queue is kept through compaction
 *                            and handed back at open, so deduplication holds across a restart; set it to the
 *                            node's dedup window time
 * @param repair              open even when a segment is missing or out of place, going on without it and saying
 *                            what was dropped; false refuses to open, naming the gap
 */
public record LogConfig(FsyncPolicy fsync, Duration fsyncInterval, long segmentBytes, Duration compactionInterval,
                        double compactionLiveRatio, Duration idRetention, boolean repair) {
    public static final FsyncPolicy DEFAULT_FSYNC = FsyncPolicy.ALWAYS;
    public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofMillis(100);
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    /** Small enough for tests that want a roll every few records. */
    public static final long MIN_SEGMENT_BYTES = 64;
    public static final long MAX_SEGMENT_BYTES = 1L << 40;
    public static final Duration DEFAULT_COMPACTION_INTERVAL = Duration.ofSeconds(1);
    public static final double DEFAULT_COMPACTION_LIVE_RATIO = 0.5;
    /** The queue node's default dedup window time. */
    public static final Duration DEFAULT_ID_RETENTION = Duration.ofMinutes(5);

    /** A config that refuses to open over a missing segment. */
    public LogConfig(FsyncPolicy fsync, Duration fsyncInterval, long segmentBytes, Duration compactionInterval,
                     double compactionLiveRatio, Duration idRetention) {
        this(fsync, fsyncInterval, segmentBytes, compactionInterval, compactionLiveRatio, idRetention, false);
    }

    public LogConfig {
        Objects.requireNonNull(fsync, "fsync policy");
        Objects.requireNonNull(fsyncInterval, "fsync interval");
        Objects.requireNonNull(compactionInterval, "compaction interval");
        Objects.requireNonNull(idRetention, "id retention");
        if (fsyncInterval.isNegative() || fsyncInterval.isZero()) {
            throw new IllegalArgumentException("the fsync interval must be positive, e.g. 100ms; got " + fsyncInterval);
        }
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("the segment size must be between " + MIN_SEGMENT_BYTES + " and "
                    + MAX_SEGMENT_BYTES + " bytes (default " + DEFAULT_SEGMENT_BYTES + "); got " + segmentBytes);
        }
        if (compactionInterval.isNegative()) {
            throw new IllegalArgumentException("the compaction interval must be zero (off) or positive; got " + compactionInterval);
        }
        if (idRetention.isNegative()) {
            throw new IllegalArgumentException("the id retention must be zero (none) or positive; got " + idRetention);
        }
        if (!(compactionLiveRatio > 0 && compactionLiveRatio <= 1)) {
            throw new IllegalArgumentException("the compaction live ratio must be in (0, 1], e.g. 0.5; got " + compactionLiveRatio);
        }
    }

    /**
     * Force on every append, 64 MiB segments, compaction every second of segments less than half live, producer ids
     * kept five minutes.
     */
    public static LogConfig defaults() {
        return new LogConfig(DEFAULT_FSYNC, DEFAULT_FSYNC_INTERVAL, DEFAULT_SEGMENT_BYTES, DEFAULT_COMPACTION_INTERVAL,
                DEFAULT_COMPACTION_LIVE_RATIO, DEFAULT_ID_RETENTION);
    }

    public LogConfig fsync(FsyncPolicy policy) {
        return new LogConfig(policy, fsyncInterval, segmentBytes, compactionInterval, compactionLiveRatio, idRetention, repair);
    }

    public LogConfig fsyncInterval(Duration interval) {
        return new LogConfig(fsync, interval, segmentBytes, compactionInterval, compactionLiveRatio, idRetention, repair);
    }

    public LogConfig segmentBytes(long bytes) {
        return new LogConfig(fsync, fsyncInterval, bytes, compactionInterval, compactionLiveRatio, idRetention, repair);
    }

    public LogConfig compactionInterval(Duration interval) {
        return new LogConfig(fsync, fsyncInterval, segmentBytes, interval, compactionLiveRatio, idRetention, repair);
    }

    public LogConfig compactionLiveRatio(double ratio) {
        return new LogConfig(fsync, fsyncInterval, segmentBytes, compactionInterval, ratio, idRetention, repair);
    }

    public LogConfig idRetention(Duration retention) {
        return new LogConfig(fsync, fsyncInterval, segmentBytes, compactionInterval, compactionLiveRatio, retention, repair);
    }

    /** With true, open past a missing or misplaced segment and report it, as {@code --repair} asks. */
    public LogConfig repair(boolean goOn) {
        return new LogConfig(fsync, fsyncInterval, segmentBytes, compactionInterval, compactionLiveRatio, idRetention, goOn);
    }
}
