package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.log.LogConfig;
import io.udpgraph.mq.log.LogJournal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The durability flags of mq-server: wrong ones are a clear message and an exit code, never a stack trace. */
@Timeout(30)
class DataDirFlagsTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new MqServerCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpDocumentsEveryDurabilityFlag() {
        Run r = run("--help");
        assertEquals(0, r.exitCode());
        for (String flag : new String[] {"--data-dir", "--fsync", "--fsync-interval", "--segment-bytes",
                "--compaction-interval"}) {
            assertTrue(r.out().contains(flag), flag + " missing from:\n" + r.out());
        }
    }

    @Test
    void aLogFlagWithoutDataDirIsAUsageError() {
        Run r = run("--port", "0", "--fsync", "never");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--fsync configures the log") && r.err().contains("--data-dir"), r.err());
    }

    @Test
    void anUnknownFsyncPolicyIsAUsageErrorNamingTheChoices() {
        Run r = run("--port", "0", "--data-dir", dir.toString(), "--fsync", "sometimes");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("always, interval or never"), r.err());
    }

    @Test
    void aSegmentSizeOutOfRangeIsAUsageError() {
        Run r = run("--port", "0", "--data-dir", dir.toString(), "--segment-bytes", "10");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("segment size must be between"), r.err());
        assertFalse(Files.exists(dir.resolve("LOCK")), "nothing was opened");
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsAClearFailure() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        Run r = run("--port", "0", "--data-dir", file.resolve("queue").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("mq-server: cannot use the data directory"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void aDataDirectoryInUseByAnotherNodeIsAClearFailure() throws Exception {
        try (LogJournal held = LogJournal.open(dir, LogConfig.defaults())) {
            Run r = run("--port", "0", "--data-dir", dir.toString());
            assertEquals(1, r.exitCode());
            assertTrue(r.err().contains("is in use by another open log"), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }
}
