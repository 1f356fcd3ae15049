package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExecFunctionTest {
    private final AtomicInteger restarts = new AtomicInteger();

    private ExecFunction python() throws IOException {
        return new ExecFunction(List.of("python3", Repo.pythonExample().toString()), restarts::incrementAndGet);
    }

    private static List<String> run(VertexFunction fn, String input) throws Exception {
        ResultBuffer out = new ResultBuffer();
        fn.apply(input, out);
        return List.copyOf(out.results());
    }

    @Test
    void pythonExampleAnswersEachInputWithZeroOneOrManyResults() throws Exception {
        try (ExecFunction fn = python()) {
            assertEquals(List.of("HELLO", "BRAVE", "WORLD"), run(fn, "hello brave world"));
            assertEquals(List.of(), run(fn, "   "));
            assertEquals(List.of(), run(fn, ""));
            assertEquals(List.of("0"), run(fn, "0"));
            assertEquals(List.of("ÄPFEL", "𝐇𝐈"), run(fn, "äpfel 𝐇𝐈"));
        }
    }

    @Test
    void inputsWrittenAheadAreAnsweredInTurnAndAnUnforeseenInputStillWorks() throws Exception {
        try (ExecFunction fn = python()) {
            List<String> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                batch.add("w" + i + " x");
            }
            fn.lookahead(batch);
            for (int i = 0; i < 1_000; i++) {
                assertEquals(List.of("W" + i, "X"), run(fn, batch.get(i)));
            }
            // the worker stopped half way: the answers written ahead are read and dropped
            assertEquals(List.of("NEW"), run(fn, "new"));
        }
    }

    @Test
    void aChildKilledWithInputsWrittenAheadIsRestartedAndTheRestOfTheBatchIsAnswered() throws Exception {
        try (ExecFunction fn = python()) {
            // inputs of 1 KB: the first write ahead holds about 16 of them, so the rest need the new child
            String tail = "x".repeat(1_000);
            List<String> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add("v" + i + " " + tail);
            }
            fn.lookahead(batch);
            for (int i = 0; i < 10; i++) {
                assertEquals(List.of("V" + i, tail.toUpperCase()), run(fn, batch.get(i)));
            }
            ProcessHandle child = ProcessHandle.of(fn.pid()).orElseThrow();
            child.destroyForcibly();
            child.onExit().get(5, TimeUnit.SECONDS);
            for (int i = 10; i < 100; i++) {
                assertEquals(List.of("V" + i, tail.toUpperCase()), run(fn, batch.get(i)));
            }
            assertEquals(1, restarts.get());
        }
    }

    @Test
    void pythonExampleCarriesALargeInput() throws Exception {
        String big = "word ".repeat(10_000).strip();
        try (ExecFunction fn = python()) {
            List<String> out = run(fn, big);
            assertEquals(10_000, out.size());
            assertEquals("WORD", out.get(9_999));
        }
    }

    @Test
    void aKilledChildIsRestartedCountedAndGetsTheInputInHand() throws Exception {
        try (ExecFunction fn = python()) {
            assertEquals(List.of("A"), run(fn, "a"));
            long pid = fn.pid();
            ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
            child.destroyForcibly();
            child.onExit().get(5, TimeUnit.SECONDS);
            assertEquals(List.of("B", "C"), run(fn, "b c"));
            assertEquals(1, restarts.get());
            assertNotEquals(pid, fn.pid());
        }
    }

    @Test
    void aChildThatDiesOnEveryInputFailsThatInputAfterOneRestart() throws Exception {
        try (ExecFunction fn = new ExecFunction(List.of("sh", "-c", "exit 3"), restarts::incrementAndGet)) {
            ExecFunction.ExecChildDiedException e = assertThrows(ExecFunction.ExecChildDiedException.class,
                    () -> run(fn, "x"));
            assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
            assertEquals(1, restarts.get());
        }
    }

    @Test
    void aChildThatWritesSomethingOtherThanFramesIsAProtocolError() throws Exception {
        List<String> cmd = List.of("python3", "-c",
                "import sys,time; sys.stdin.buffer.read(3); sys.stdout.write('hello'); sys.stdout.flush(); time.sleep(30)");
        try (ExecFunction fn = new ExecFunction(cmd, restarts::incrementAndGet)) {
            ExecFunction.ExecProtocolException e = assertThrows(ExecFunction.ExecProtocolException.class,
                    () -> run(fn, "x"));
            assertTrue(e.getMessage().contains("'h'") && e.getMessage().contains("stderr"), e.getMessage());
            assertEquals(-1, fn.pid());
        }
    }

    @Test
    void aCommandThatCannotStartSaysSo() {
        IOException e = assertThrows(IOException.class,
                () -> new ExecFunction(List.of("no-such-program-here"), restarts::incrementAndGet));
        assertTrue(e.getMessage().contains("cannot start the --exec command 'no-such-program-here'"), e.getMessage());
    }

    @Test
    void closeEndsTheChild() throws Exception {
        ExecFunction fn = python();
        ProcessHandle child = ProcessHandle.of(fn.pid()).orElseThrow();
        fn.close();
        child.onExit().get(5, TimeUnit.SECONDS);
        assertFalse(child.isAlive());
    }
}
