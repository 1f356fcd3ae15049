package io.udpgraph.runtime;

import java.time.Duration;
import picocli.CommandLine;

/**
 * Reads a duration in the one flag syntax ({@link DurationConverter}), and also a bare number as milliseconds,
 * the form the {@code --…-ms} flags and {@code mq --timeout} took; the bare form is kept for one release.
 */
public final class LegacyMillisConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String s = value.strip();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofMillis(Long.parseLong(s));
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("duration '" + value + "' is too long");
            }
        }
        return new DurationConverter().convert(value);
    }
}
