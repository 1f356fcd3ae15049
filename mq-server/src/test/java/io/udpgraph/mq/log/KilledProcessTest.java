package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process appending under ALWAYS is killed with SIGKILL again and again; the log keeps every promise. */
class KilledProcessTest {
    private static final int ROUNDS = 3;
    private static final int LINES_BEFORE_KILL = 1500;

    @TempDir
    Path dir;

    @Test
    void acknowledgedAppendsSurviveSigkillDuringAppendsAndCompaction() throws Exception {
        Set<Long> put = new HashSet<>();
        Set<Long> removed = new HashSet<>();
        for (int round = 1; round <= ROUNDS; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), KillDriver.class.getName(), dir.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            int lines = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                while (lines < LINES_BEFORE_KILL && (line = out.readLine()) != null) {
                    long seq = Long.parseLong(line.substring(2));
                    (line.charAt(0) == 'P' ? put : removed).add(seq);
                    lines++;
                }
                // SIGKILL: no close, no shutdown hook. Lines still in the pipe are lost with it, so a PUT read here
                // may have been removed without our reading its R line: only never-removed PUTs are owed.
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            assertEquals(LINES_BEFORE_KILL, Math.min(lines, LINES_BEFORE_KILL), "round " + round + ": the child died early");
            try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.defaults().fsync(FsyncPolicy.NEVER)
                    .compactionInterval(Duration.ZERO))) {
                RecoveredState state = log.takeRecovered();
                Set<Long> live = state.messages().stream().map(RecoveredMessage::seq).collect(Collectors.toSet());
                for (long seq : put) {
                    if (seq % 3 == 0) {
                        assertTrue(live.contains(seq), "round " + round + ": acknowledged PUT " + seq + " was lost");
                    }
                }
                for (long seq : removed) {
                    assertFalse(live.contains(seq), "round " + round + ": acknowledged REMOVE " + seq + " came back");
                }
                for (RecoveredMessage m : state.messages()) {
                    assertEquals(m.seq(), java.nio.ByteBuffer.wrap(m.body()).getLong(), "body of " + m.seq());
                }
            } catch (IOException e) {
                throw new AssertionError("round " + round + ": the log did not open after the kill", e);
            }
        }
    }
}
