package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogRotationTest {
    @TempDir
    Path dir;

    @Test
    void theEventLogRotatesPastItsBoundBetweenLinesAndHoldsAtMostTwiceIt() throws Exception {
        Path file = dir.resolve("events.log");
        long bound = 256 * 1024;
        try (EventLog log = EventLog.open(file, bound)) {
            for (long seq = 0; seq < 200_000; seq++) {
                log.begin(seq, Direction.UP, 19, 0).end();
            }
        }
        Path old = EventLog.rotated(file);
        assertTrue(Files.exists(old), "rotated to " + old);
        assertTrue(Files.size(file) + Files.size(old) <= 2 * bound + 128 * 1024,
                Files.size(file) + " + " + Files.size(old));
        for (Path p : List.of(file, old)) {
            List<String> lines = Files.readAllLines(p);
            assertTrue(lines.get(0).matches("\\d+ up 19 \\S+"), lines.get(0));
            assertTrue(lines.get(lines.size() - 1).matches("\\d+ up 19 \\S+"), "no line is split");
        }
    }
}
