package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecAnswerReaderTest {
    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A pipe that hands over one byte per read, the worst a child's stdout can do. */
    private static InputStream trickle(String s) {
        return new FilterInputStream(bytes(s)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(1, len));
            }
        };
    }

    private static List<String> answer(ExecAnswerReader reader) throws IOException {
        ResultBuffer results = new ResultBuffer();
        reader.readAnswer(results);
        return new ArrayList<>(results.results());
    }

    @Test
    void readsTheResultFramesUpToTheEndByte() throws Exception {
        assertEquals(List.of("HELLO", "WORLD"), answer(new ExecAnswerReader(bytes("15HELLO15WORLD0"))));
    }

    @Test
    void aLoneEndByteIsAnAnswerWithNoResults() throws Exception {
        assertEquals(List.of(), answer(new ExecAnswerReader(bytes("0"))));
    }

    @Test
    void anEmptyResultIsTheFrameOneZero() throws Exception {
        assertEquals(List.of("", "0"), answer(new ExecAnswerReader(bytes("10" + "110" + "0"))));
    }

    @Test
    void answersWrittenBackToBackAreReadOneAtATime() throws Exception {
        ExecAnswerReader reader = new ExecAnswerReader(bytes("11a0" + "0" + "11b11c0"));
        assertEquals(List.of("a"), answer(reader));
        assertEquals(List.of(), answer(reader));
        assertEquals(List.of("b", "c"), answer(reader));
    }

    @Test
    void framesArrivingOneByteAtATimeAreReadWhole() throws Exception {
        ExecAnswerReader reader = new ExecAnswerReader(trickle("16ÄPFEL" + "18𝐇𝐈" + "0" + "11x0"));
        assertEquals(List.of("ÄPFEL", "𝐇𝐈"), answer(reader));
        assertEquals(List.of("x"), answer(reader));
    }

    @Test
    void sizeDigitsInUpperCaseAndWithLeadingZerosAreRead() throws Exception {
        String text = "x".repeat(0xAB);
        assertEquals(List.of(text), answer(new ExecAnswerReader(bytes("400AB" + text + "0"))));
    }

    @Test
    void aStrayPrintIsAProtocolErrorThatPointsToStderr() {
        ExecFunction.ExecProtocolException e = assertThrows(ExecFunction.ExecProtocolException.class,
                () -> answer(new ExecAnswerReader(bytes("hello\n"))));
        assertTrue(e.getMessage().contains("'h'") && e.getMessage().contains("stderr"), e.getMessage());
    }

    @Test
    void textThatIsNotUtf8IsAProtocolError() {
        InputStream in = new ByteArrayInputStream(new byte[] {'1', '1', (byte) 0xff, '0'});
        ExecFunction.ExecProtocolException e = assertThrows(ExecFunction.ExecProtocolException.class,
                () -> answer(new ExecAnswerReader(in)));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void stdoutEndingInsideAFrameSaysSo() {
        IOException e = assertThrows(IOException.class, () -> answer(new ExecAnswerReader(bytes("15HEL"))));
        assertEquals("its stdout ended inside a frame", e.getMessage());
    }

    @Test
    void stdoutEndingBeforeTheEndByteSaysSo() {
        IOException e = assertThrows(IOException.class, () -> answer(new ExecAnswerReader(bytes("11a"))));
        assertEquals("its stdout ended", e.getMessage());
    }

    @Test
    void aTextKeyGoesWithTheResultAfterIt() throws Exception {
        ResultBuffer out = new ResultBuffer();
        assertEquals(null, new ExecAnswerReader(bytes("k13IBM" + "15hello" + "13bye" + "0")).readAnswer(out));
        assertEquals(List.of("hello", "bye"), out.results());
        assertEquals("IBM", out.routingKey(0));
        assertEquals(null, out.routingKey(1));
    }

    @Test
    void anIntegerKeyIsReadAsALong() throws Exception {
        ResultBuffer out = new ResultBuffer();
        new ExecAnswerReader(trickle("i12-7" + "11a" + "i110" + "11b" + "0")).readAnswer(out);
        assertEquals(-7L, out.routingKey(0));
        assertEquals(0L, out.routingKey(1));
        assertEquals("-7", out.key(0));
    }

    @Test
    void anErrorFrameIsReturnedAndTheAnswerStillEndsAtItsEndByte() throws Exception {
        ExecAnswerReader reader = new ExecAnswerReader(bytes("!1fValueError: bad" + "0" + "11x0"));
        ResultBuffer out = new ResultBuffer();
        assertEquals("ValueError: bad", reader.readAnswer(out));
        assertEquals(0, out.size());
        assertEquals(List.of("x"), answer(reader));
    }

    @Test
    void aKeyWithNoResultAfterItIsAProtocolError() {
        ExecFunction.ExecProtocolException e = assertThrows(ExecFunction.ExecProtocolException.class,
                () -> answer(new ExecAnswerReader(bytes("k11a0"))));
        assertTrue(e.getMessage().contains("no result frame"), e.getMessage());
    }

    @Test
    void anIntegerKeyThatIsNotANumberIsAProtocolError() {
        ExecFunction.ExecProtocolException e = assertThrows(ExecFunction.ExecProtocolException.class,
                () -> answer(new ExecAnswerReader(bytes("i12x1" + "11a0"))));
        assertTrue(e.getMessage().contains("integer key 'x1'"), e.getMessage());
    }
}
