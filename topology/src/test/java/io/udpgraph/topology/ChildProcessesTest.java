package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A node process started by the runner lives in a session of its own, so a terminal's Ctrl-C reaches only the runner. */
class ChildProcessesTest {

    @Test
    void aChildRunsInItsOwnSessionUnderThePidTheRunnerSignals() throws Exception {
        List<String> command = ChildProcesses.inOwnSession(List.of("sleep", "10"));
        if (!command.get(0).endsWith("setsid") || !Files.exists(Path.of("/proc/self/stat"))) {
            System.out.println("ChildProcessesTest skipped: no /usr/bin/setsid or no /proc");
            Assumptions.abort("no setsid or no /proc");
        }
        Process p = new ProcessBuilder(command).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            // until setsid has exec'd sleep, /proc shows setsid in the runner's session
            while (!comm(p.pid()).equals("sleep") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals("sleep", comm(p.pid()), "setsid execs in place: the pid the runner signals is the node's");
            assertEquals(p.pid(), session(p.pid()), "the child leads a session of its own");
            assertNotEquals(session(ProcessHandle.current().pid()), session(p.pid()));
        } finally {
            p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
        }
    }

    private static String comm(long pid) throws Exception {
        return Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
    }

    /** Field 6 of /proc/PID/stat, after the parenthesised command name. */
    private static long session(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[3]);
    }
}
