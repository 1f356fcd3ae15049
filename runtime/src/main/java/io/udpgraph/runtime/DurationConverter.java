package io.udpgraph.runtime;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Reads a duration as a user writes it: {@code 250us}, {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 {@code PT5M}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String s = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("us")) {
                return Duration.ofNanos(Math.multiplyExact(Long.parseLong(s.substring(0, s.length() - 2)), 1000L));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            if (s.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            }
            if (s.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            }
            if (s.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
            }
        } catch (RuntimeException e) {
            // fall through to the teaching error
        }
        throw new CommandLine.TypeConversionException(
                "expected a duration such as 500ms, 30s, 5m or 1h — got '" + value + "'");
    }
}
