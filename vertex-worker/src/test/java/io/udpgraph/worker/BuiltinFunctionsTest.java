package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltinFunctionsTest {

    static List<String> run(VertexFunction fn, String input) throws Exception {
        ResultBuffer out = new ResultBuffer();
        fn.apply(input, out);
        return List.copyOf(out.results());
    }

    static VertexFunction builtin(String name, String... args) {
        return BuiltinFunctions.create(name).orElseThrow().configure(List.of(args));
    }

    @Test
    void everyBuiltinNamedInTheIssueExistsWithAOneLineDescription() {
        assertEquals(List.of("passthrough", "pong", "double", "upper", "lower", "reverse", "split-words", "grep",
                "count", "sleep"), BuiltinFunctions.names());
        for (VertexFunction fn : BuiltinFunctions.all()) {
            assertTrue(fn.description().startsWith(fn.name()), fn.description());
            assertTrue(!fn.description().contains("\n"), fn.description());
        }
    }

    @Test
    void passthroughPublishesEmptyTextAndZeroUnchanged() throws Exception {
        VertexFunction fn = builtin("passthrough");
        assertEquals(List.of(""), run(fn, ""));
        assertEquals(List.of("0"), run(fn, "0"));
        assertEquals(List.of("a:b c"), run(fn, "a:b c"));
    }

    @Test
    void pongAnswersPingWithPongAndPongWithPing() throws Exception {
        VertexFunction fn = builtin("pong");
        assertEquals(List.of("pong"), run(fn, "ping"));
        assertEquals(List.of("ping"), run(fn, "pong"));
    }

    @Test
    void pongRefusesAnythingButTheBall() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(builtin("pong"), "PING"));
        assertTrue(e.getMessage().contains("'ping' and 'pong'"), e.getMessage());
    }

    @Test
    void pongTakesAnOptionalDelayAndRefusesABadOne() throws Exception {
        assertEquals(List.of("pong"), run(builtin("pong", "1"), "ping"));
        assertThrows(IllegalArgumentException.class, () -> builtin("pong", "soon"));
    }

    @Test
    void doubleMultipliesWholeNumbersOfAnySizeIncludingZero() throws Exception {
        VertexFunction fn = builtin("double");
        assertEquals(List.of("0"), run(fn, "0"));
        assertEquals(List.of("42"), run(fn, "21"));
        assertEquals(List.of("-14"), run(fn, " -7 "));
        assertEquals(List.of("18446744073709551614"), run(fn, Long.toString(Long.MAX_VALUE)));
        assertEquals(List.of("200000000000000000000000000000"), run(fn, "100000000000000000000000000000"));
    }

    @Test
    void doubleFailsOnTextThatIsNotAWholeNumber() {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> run(builtin("double"), "2.5"));
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
        assertThrows(NumberFormatException.class, () -> run(builtin("double"), ""));
    }

    @Test
    void upperAndLowerChangeCaseIndependentlyOfTheLocale() throws Exception {
        assertEquals(List.of("TITLE İ"), run(builtin("upper"), "title İ"));
        assertEquals(List.of("hello wörld"), run(builtin("lower"), "HELLO WÖRLD"));
    }

    @Test
    void reverseKeepsSurrogatePairsWhole() throws Exception {
        assertEquals(List.of("cba"), run(builtin("reverse"), "abc"));
        assertEquals(List.of("𝐞𝐇"), run(builtin("reverse"), "𝐇𝐞"));
        assertEquals(List.of(""), run(builtin("reverse"), ""));
    }

    @Test
    void splitWordsEmitsOneResultPerWordAndNoneForBlankInput() throws Exception {
        VertexFunction fn = builtin("split-words");
        assertEquals(List.of("the", "quick", "fox"), run(fn, "  the quick\tfox\n"));
        assertEquals(List.of(), run(fn, "   "));
        assertEquals(List.of(), run(fn, ""));
    }

    @Test
    void grepKeepsMatchingInputsAndDropsTheRest() throws Exception {
        VertexFunction fn = builtin("grep", "^ERR");
        assertEquals(List.of("ERR disk"), run(fn, "ERR disk"));
        assertEquals(List.of(), run(fn, "ok ERR"));
    }

    @Test
    void grepExplainsAMissingOrBadRegex() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> builtin("grep"));
        assertTrue(missing.getMessage().contains("REGEX"), missing.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> builtin("grep", "(a"));
        assertTrue(bad.getMessage().contains("not a valid regular expression"), bad.getMessage());
    }

    @Test
    void countKeepsARunningCountPerDistinctInputKeyedByTheInput() throws Exception {
        VertexFunction fn = builtin("count");
        assertEquals(List.of("a 1"), run(fn, "a"));
        assertEquals(List.of("b 1"), run(fn, "b"));
        assertEquals(List.of("a 2"), run(fn, "a"));
        ResultBuffer out = new ResultBuffer();
        fn.apply("a", out);
        assertEquals("a", out.key(0));
        assertEquals("a 3", out.result(0));
    }

    @Test
    void countStateIsNotSharedBetweenInstances() throws Exception {
        run(builtin("count"), "x");
        assertEquals(List.of("x 1"), run(builtin("count"), "x"));
    }

    @Test
    void sleepWaitsThenPassesTheInputThrough() throws Exception {
        assertEquals(List.of("slow"), run(builtin("sleep", "1"), "slow"));
        assertThrows(IllegalArgumentException.class, () -> builtin("sleep"));
        assertThrows(IllegalArgumentException.class, () -> builtin("sleep", "-1"));
    }

    @Test
    void functionsWithoutArgumentsRefuseArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builtin("upper", "x"));
        assertTrue(e.getMessage().contains("takes no arguments"), e.getMessage());
    }

    @Test
    void defaultNameIsTheClassNameInKebabCase() {
        class WordCount implements VertexFunction {
            @Override
            public void apply(String input, Emitter out) {
            }
        }
        assertEquals("word-count", new WordCount().name());
    }
}
