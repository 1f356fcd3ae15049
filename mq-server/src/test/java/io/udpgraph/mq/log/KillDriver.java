package io.udpgraph.mq.log;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run as its own process by {@link KilledProcessTest}: appends from two threads under ALWAYS until killed,
 * printing {@code P seq} or {@code R seq} only after the append returned, so every printed line is a
 * promise the log must keep.
 */
public final class KillDriver {
    private KillDriver() {
    }

    public static void main(String[] args) throws Exception {
        LogConfig config = LogConfig.defaults().fsync(FsyncPolicy.ALWAYS).segmentBytes(16 << 10)
                .compactionInterval(Duration.ofMillis(5));
        SegmentedLog log = SegmentedLog.open(Path.of(args[0]), config);
        AtomicLong next = new AtomicLong(log.takeRecovered().nextSeq());
        Runnable appender = () -> {
            ByteBuffer body = ByteBuffer.allocate(100);
            try {
                for (;;) {
                    long seq = next.getAndIncrement();
                    body.putLong(0, seq);
                    log.appendPut(seq, seq, null, body);
                    System.out.println("P " + seq);
                    if (seq % 3 != 0) {
                        log.appendRemove(seq);
                        System.out.println("R " + seq);
                    }
                }
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(1);
            }
        };
        Thread a = new Thread(appender);
        Thread b = new Thread(appender);
        a.start();
        b.start();
        a.join();
    }
}
