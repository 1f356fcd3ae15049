package io.udpgraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Durations on the command line are read the way users write them, and a wrong one says which forms work. */
class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void everyUnitAndIsoAreRead() {
        assertEquals(Duration.ofNanos(250_000), converter.convert("250us"));
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofSeconds(30), converter.convert("30s"));
        assertEquals(Duration.ofMinutes(5), converter.convert("5m"));
        assertEquals(Duration.ofHours(1), converter.convert("1h"));
        assertEquals(Duration.ofMinutes(5), converter.convert("PT5M"));
    }

    @Test
    void aDurationWithoutAUnitIsRefusedWithTheFormsThatWork() {
        CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
                () -> converter.convert("500"));
        assertTrue(e.getMessage().contains("500ms, 30s, 5m or 1h"), e.getMessage());
    }

    @Test
    void aNumberWithAHugeExponentIsDecidedAtOnceInsteadOfComputingItsPowerOfTen() {
        // found by RouterInputFuzzTest: a fault spec with such a delay held a thread for many minutes
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertEquals(Duration.ZERO, DurationConverter.parse("1e-999999999ms"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DurationConverter.parse("1e999999999ms"));
            assertTrue(e.getMessage().contains("too long"), e.getMessage());
        });
        assertEquals(Duration.ofNanos(1), DurationConverter.parse("0.5ns"), "half a nanosecond still rounds up");
        assertEquals(Duration.ofMillis(1500), DurationConverter.parse("1.5e3ms"));
    }
}
