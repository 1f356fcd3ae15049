package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionSpecTest {

    @Test
    void execCommandLineSplitsOnWhitespace() {
        assertEquals(List.of("python3", "f.py", "-x"), FunctionSpec.splitCommandLine("  python3 f.py\t-x "));
    }

    @Test
    void execCommandLineKeepsQuotedWordsTogether() {
        assertEquals(List.of("sh", "-c", "echo 'hi there'", "a b"),
                FunctionSpec.splitCommandLine("sh -c \"echo 'hi there'\" 'a b'"));
        assertEquals(List.of("a b", "\"q\""), FunctionSpec.splitCommandLine("a\\ b \"\\\"q\\\"\""));
        assertEquals(List.of(""), FunctionSpec.splitCommandLine("''"));
    }

    @Test
    void execCommandLineWithAnOpenQuoteIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FunctionSpec.splitCommandLine("python3 'f.py"));
        assertThrows(IllegalArgumentException.class, () -> FunctionSpec.exec("   "));
    }

    @Test
    void labelsNameTheFunctionAndItsArguments() {
        assertEquals("grep ^a", FunctionSpec.named("grep", "^a").label());
        assertEquals("exec python3 w.py", FunctionSpec.exec("python3 w.py").label());
    }
}
