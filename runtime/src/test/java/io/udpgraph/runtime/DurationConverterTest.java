package io.udpgraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
}
