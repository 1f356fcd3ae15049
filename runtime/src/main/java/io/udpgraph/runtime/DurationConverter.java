package io.udpgraph.runtime;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Reads a duration as a user writes it, the one syntax of every udpgraph flag: {@code 250us}, {@code 500ms},
 * {@code 1.5s}, {@code 90s}, {@code 5m}, {@code 1h}, or ISO-8601 {@code PT5M}; a number needs its unit.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    /** Longer suffixes first: {@code 5ms} also ends in {@code s}. */
    private static final String[] UNITS = {"ns", "us", "µs", "ms", "s", "m", "h"};
    private static final long[] UNIT_NANOS = {1L, 1_000L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L,
        3_600_000_000_000L};

    @Override
    public Duration convert(String value) {
        return convert(value, DurationConverter::parse);
    }

    /** {@code parse} applied to a flag's value, its IllegalArgumentException turned into picocli's usage error. */
    static Duration convert(String value, Function<String, Duration> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /**
     * The duration {@code text} names, for readers other than picocli (a topology file, a fault spec).
     *
     * @throws IllegalArgumentException with a message that lists the forms that work
     */
    public static Duration parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        Duration d = null;
        if (s.startsWith("p") || s.startsWith("-p")) {
            try {
                d = Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw wrong(text);
            }
        } else {
            for (int i = 0; i < UNITS.length && d == null; i++) {
                if (s.endsWith(UNITS[i])) {
                    d = ofNumber(s.substring(0, s.length() - UNITS[i].length()).strip(), UNIT_NANOS[i], text);
                }
            }
        }
        if (d == null) {
            throw wrong(text);
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("a duration cannot be negative, got '" + text + "'");
        }
        return d;
    }

    /** Writes {@code d} back in the same syntax, as short as is exact: {@code 5m}, {@code 30s}, {@code 1500ms}, {@code 0s}. */
    public static String format(Duration d) {
        long ns = d.toNanos();
        if (ns == 0) {
            return "0s";
        }
        for (int i = UNITS.length - 1; i > 0; i--) {
            if (i != 2 && ns % UNIT_NANOS[i] == 0) {
                return ns / UNIT_NANOS[i] + UNITS[i];
            }
        }
        return ns + "ns";
    }

    private static Duration ofNumber(String number, long unitNanos, String text) {
        BigDecimal nanos;
        try {
            nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos));
        } catch (NumberFormatException e) {
            throw wrong(text);
        }
        // Decided from the digits' count before rounding: rounding 1e-999999999 would compute 10^999999999 first.
        int magnitude = nanos.precision() - nanos.scale();
        if (magnitude > 19) {
            throw new IllegalArgumentException("duration '" + text + "' is too long");
        }
        if (magnitude < -1) {
            return Duration.ZERO; // under a tenth of a nanosecond
        }
        try {
            return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too long");
        }
    }

    private static IllegalArgumentException wrong(String text) {
        String number = text.strip();
        String hint = number.matches("[0-9.]+") ? "; write a duration with a unit, e.g. " + number + "ms" : "";
        return new IllegalArgumentException("expected a duration such as 500ms, 30s, 5m or 1h (also 1.5s, 250us,"
                + " ISO PT5M) — got '" + text + "'" + hint);
    }
}
