package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.runtime.DurationConverter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultSpecTest {

    @Test
    void dropReadsAPercentageDirectionAndVerbs() {
        FaultSpec.Drop d = assertInstanceOf(FaultSpec.Drop.class, FaultSpec.parse("drop", "20%,down,get,SIZE"));
        assertEquals(0.2, d.probability());
        assertEquals(Direction.DOWN, d.scope().direction());
        assertEquals(List.of("GET", "SIZE"), d.scope().verbs());
        assertEquals("--drop 20%,down,GET,SIZE", d.option());
    }

    @Test
    void aFaultWithoutQualifiersAppliesBothWaysToEveryVerb() {
        FaultSpec f = FaultSpec.parse("drop", "0.5%");
        assertEquals(Scope.ALL, f.scope());
        assertEquals("0.5%", f.value());
    }

    @Test
    void delayReadsFixedPlusJitterAtAProbability() {
        FaultSpec.Delay d = assertInstanceOf(FaultSpec.Delay.class, FaultSpec.parse("delay", "5ms±2ms@30%,up"));
        assertEquals(Duration.ofMillis(5), d.delay());
        assertEquals(Duration.ofMillis(2), d.jitter());
        assertEquals(0.3, d.probability());
        assertEquals(d, FaultSpec.parse("delay", "5ms+-2ms@30%,up"), "+- is ± for keyboards without it");
        assertEquals(1.0, ((FaultSpec.Delay) FaultSpec.parse("delay", "1.5s")).probability());
    }

    @Test
    void gilbertElliottReadsNetemsFourNumbersWithNetemsDefaults() {
        FaultSpec.GilbertElliott g = assertInstanceOf(FaultSpec.GilbertElliott.class,
                FaultSpec.parse("gilbert-elliott", "5%,20%,up"));
        assertEquals(0.05, g.p());
        assertEquals(0.2, g.r());
        assertEquals(1.0, g.badLoss());
        assertEquals(0.0, g.goodLoss());
        assertEquals(Direction.UP, g.scope().direction());
        FaultSpec.GilbertElliott all = (FaultSpec.GilbertElliott) FaultSpec.parse("gilbert-elliott", "1%,10%,70%,0.1%");
        assertEquals(0.7, all.badLoss());
        assertEquals(0.001, all.goodLoss());
    }

    @Test
    void rateReadsDatagramsOrBytesPerSecondAndAQueue() {
        FaultSpec.Rate r = assertInstanceOf(FaultSpec.Rate.class, FaultSpec.parse("rate", "1000/s"));
        assertEquals(1000, r.perSecond());
        assertEquals(false, r.bytes());
        assertEquals(FaultSpec.DEFAULT_RATE_QUEUE_DATAGRAMS, r.queueDatagrams());
        FaultSpec.Rate b = (FaultSpec.Rate) FaultSpec.parse("rate", "64KB/s:10,down");
        assertEquals(64_000, b.perSecond());
        assertTrue(b.bytes());
        assertEquals(10, b.queueDatagrams());
        assertEquals("64KB/s:10,down", b.value());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "drop|20%,up,PUT",
        "duplicate|10%:3",
        "delay|5ms±2ms@30%,down",
        "delay|250us",
        "reorder|20%:3,both,GET",
        "garble|10%:text:byte,up,PUT",
        "garble|1%:header:bit",
        "random|5%",
        "gilbert-elliott|5%,20%,100%,0%",
        "rate|1000/s:500",
        "rate|1.5MB/s:1000,down,MALFORMED"})
    void everyCanonicalValueReadsBackToItself(String kind, String value) {
        FaultSpec f = FaultSpec.parse(kind, value);
        assertEquals(value.replace(",both", ""), f.value());
        assertEquals(f, FaultSpec.parse(kind, f.value()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "drop|20|percentage such as 20%",
        "drop|120%|outside 0%-100%",
        "drop|20%,sideways|neither a direction",
        "drop|20%,up,down|two directions",
        "duplicate|10%:1|2 to 64 copies",
        "delay|5|duration with a unit",
        "delay|2ms±5ms|cannot leave before it came",
        "delay|PT4333333333333s|0 to 10m",
        "reorder|10%:0|behind 1 to 1000",
        "garble|10%:middle|neither a place",
        "gilbert-elliott|5%|p,r",
        "rate|1000|per second",
        "teleport|5%|unknown fault kind"})
    void aBadValueIsRefusedWithAMessageThatTeaches(String kind, String value, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultSpec.parse(kind, value));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void unitsReadWhatPeopleWrite() {
        assertEquals(Duration.ofNanos(1_500_000), DurationConverter.parse("1.5ms"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
        assertEquals(Duration.ofNanos(250_000), DurationConverter.parse("250µs"));
        assertEquals("1.5ms", Units.formatDuration(Duration.ofNanos(1_500_000)));
        assertEquals("2s", Units.formatDuration(Duration.ofSeconds(2)));
        assertEquals(32L * 1024 * 1024, Units.parseBytes("32MiB"));
        assertEquals("29%", Units.formatPercent(Units.parsePercent("29%")));
        assertEquals("0.125%", Units.formatPercent(Units.parsePercent("0.125%")));
    }
}
