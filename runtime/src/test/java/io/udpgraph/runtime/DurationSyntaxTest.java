package io.udpgraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every form of the one duration syntax, read and written back, one behaviour per test. */
class DurationSyntaxTest {

    @Test
    void millisecondsAreRead() {
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
    }

    @Test
    void fractionalSecondsAreRead() {
        assertEquals(Duration.ofMillis(1500), DurationConverter.parse("1.5s"));
    }

    @Test
    void wholeSecondsAreRead() {
        assertEquals(Duration.ofSeconds(90), DurationConverter.parse("90s"));
    }

    @Test
    void minutesAreRead() {
        assertEquals(Duration.ofMinutes(5), DurationConverter.parse("5m"));
    }

    @Test
    void hoursAreRead() {
        assertEquals(Duration.ofHours(1), DurationConverter.parse("1h"));
    }

    @Test
    void isoDurationsAreRead() {
        assertEquals(Duration.ofMinutes(5), DurationConverter.parse("PT5M"));
    }

    @Test
    void microsecondsAndNanosecondsAreRead() {
        assertEquals(Duration.ofNanos(250_000), DurationConverter.parse("250µs"));
        assertEquals(Duration.ofNanos(7), DurationConverter.parse("7ns"));
    }

    @Test
    void unitsAndIsoAreReadInEitherCaseWithSpacesAround() {
        assertEquals(Duration.ofSeconds(2), DurationConverter.parse(" 2S "));
        assertEquals(Duration.ofSeconds(30), DurationConverter.parse("pt30s"));
    }

    @Test
    void aNegativeDurationIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationConverter.parse("-5s"));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
    }

    @Test
    void anUnknownUnitIsRefusedWithTheFormsThatWork() {
        CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
                () -> new DurationConverter().convert("5 days"));
        assertTrue(e.getMessage().contains("1.5s") && e.getMessage().contains("PT5M"), e.getMessage());
    }

    @Test
    void aDurationIsWrittenInItsLargestExactUnit() {
        assertEquals("5m", DurationConverter.format(Duration.ofMinutes(5)));
        assertEquals("30s", DurationConverter.format(Duration.ofSeconds(30)));
        assertEquals("1500ms", DurationConverter.format(Duration.ofMillis(1500)));
        assertEquals("250us", DurationConverter.format(Duration.ofNanos(250_000)));
        assertEquals("0s", DurationConverter.format(Duration.ZERO));
    }

    @Test
    void whatIsWrittenReadsBackTheSame() {
        for (Duration d : new Duration[] {Duration.ofHours(2), Duration.ofMillis(100), Duration.ofNanos(3)}) {
            assertEquals(d, DurationConverter.parse(DurationConverter.format(d)));
        }
    }

    @Test
    void aWrongDurationIsAUsageErrorInTheLegacyFormToo() {
        assertThrows(CommandLine.TypeConversionException.class, () -> new LegacyMillisConverter().convert("5x"));
    }

    @Test
    void theLegacyFormReadsABareNumberAsMilliseconds() {
        assertEquals(Duration.ofMillis(30_000), new LegacyMillisConverter().convert("30000"));
    }

    @Test
    void theLegacyFormAlsoReadsTheDurationSyntax() {
        assertEquals(Duration.ofMillis(1500), new LegacyMillisConverter().convert("1.5s"));
    }
}
