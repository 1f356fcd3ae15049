package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The append path reuses its buffer and index: a steady stream of appends leaves no garbage behind. */
class AllocationTest {
    @TempDir
    Path dir;

    @Test
    void appendsAllocateNothingInSteadyState() throws IOException {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs the HotSpot per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "per-thread allocation counting is off in this JVM");
        LogConfig config = LogConfig.defaults().fsync(FsyncPolicy.ALWAYS).compactionInterval(Duration.ZERO);
        ByteBuffer id = ByteBuffer.allocateDirect(16).put("producer-7".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).flip();
        ByteBuffer body = ByteBuffer.allocateDirect(100);
        try (SegmentedLog log = SegmentedLog.open(dir, config, channel -> { })) {
            long seq = 0;
            for (int i = 0; i < 20_000; i++, seq++) {
                cycle(log, seq, id, body);
            }
            long self = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(self);
            int appends = 0;
            for (int i = 0; i < 20_000; i++, seq++) {
                cycle(log, seq, id, body);
                appends += 3;
            }
            long allocated = threads.getThreadAllocatedBytes(self) - before;
            assertTrue(allocated < appends, allocated + " bytes allocated by " + appends + " appends");
        }
    }

    private static void cycle(SegmentedLog log, long seq, ByteBuffer id, ByteBuffer body) throws IOException {
        log.appendPut(seq, seq, id, body);
        log.appendDelivered(seq, 1);
        log.appendRemove(seq);
    }
}
