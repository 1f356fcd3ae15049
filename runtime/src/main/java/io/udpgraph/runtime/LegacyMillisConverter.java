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
        return DurationConverter.convert(value, LegacyMillisConverter::parse);
    }

    /**
     * The duration {@code text} names, a bare number counting milliseconds, for readers other than picocli (a
     * topology file's {@code lease_ms:}).
     *
     * @throws IllegalArgumentException with a message that lists the forms that work
     */
    public static Duration parse(String text) {
        String s = text.strip();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofMillis(Long.parseLong(s));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("duration '" + text + "' is too long");
            }
        }
        return DurationConverter.parse(text);
    }
}
