package io.udpgraph.router;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The quantities of the fault grammar as a user writes them: percentages ({@code 20%}), byte sizes
 * ({@code 32MB}) and rates ({@code 1000/s}, {@code 64KB/s}); every parse error says what was expected and shows
 * an example. Durations are read by runtime's {@code DurationConverter}, the syntax of every flag, and written
 * back by {@link #formatDuration}.
 */
public final class Units {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Units() {
    }

    /** Parses {@code 20%} or {@code 0.5%} into a probability 0..1. */
    public static double parsePercent(String text) {
        String s = text.strip();
        if (!s.endsWith("%")) {
            throw new IllegalArgumentException("expected a percentage such as 20% or 0.5%, got '" + text + "'");
        }
        BigDecimal v = decimal(s.substring(0, s.length() - 1), text, "a percentage such as 20% or 0.5%");
        if (v.signum() < 0 || v.compareTo(HUNDRED) > 0) {
            throw new IllegalArgumentException("percentage " + text + " is outside 0%-100%");
        }
        return v.movePointLeft(2).doubleValue();
    }

    /** Formats a probability 0..1 as the shortest exact percentage: {@code 0.2} is {@code 20%}. */
    public static String formatPercent(double probability) {
        return plain(BigDecimal.valueOf(probability).movePointRight(2)) + "%";
    }

    /** Formats a duration compactly and exactly: {@code 5ms}, {@code 1.25ms}, {@code 250us}, {@code 2s}. */
    public static String formatDuration(Duration d) {
        if (Math.abs(d.getSeconds()) >= Long.MAX_VALUE / 1_000_000_000L) {
            return d.getSeconds() + "s"; // past 292 years nanoseconds overflow; such a duration is only ever refused
        }
        long ns = d.toNanos();
        if (ns == 0) {
            return "0ms";
        }
        if (ns % 1_000_000_000L == 0) {
            return ns / 1_000_000_000L + "s";
        }
        if (ns < 1_000_000 && ns % 1000 == 0) {
            return ns / 1000 + "us";
        }
        return plain(BigDecimal.valueOf(ns).movePointLeft(6)) + "ms";
    }

    /** Parses a byte size: {@code 512}, {@code 64KB}, {@code 32MB}, {@code 1GiB} (KB = 1000, KiB = 1024). */
    public static long parseBytes(String text) {
        String s = text.strip();
        long unit = 1;
        String number = s;
        String[][] units = {{"KiB", "1024"}, {"MiB", "1048576"}, {"GiB", "1073741824"}, {"KB", "1000"},
            {"MB", "1000000"}, {"GB", "1000000000"}, {"kB", "1000"}, {"B", "1"}};
        for (String[] u : units) {
            if (s.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                number = s.substring(0, s.length() - u[0].length());
                break;
            }
        }
        BigDecimal v = decimal(number, text, "a size such as 65536, 64KB or 32MB");
        if (v.signum() < 0) {
            throw new IllegalArgumentException("size " + text + " is negative");
        }
        return v.multiply(BigDecimal.valueOf(unit)).longValue();
    }

    /** Formats a byte count with the largest decimal unit that needs at most 3 decimals: {@code 1.5MB}, {@code 999B}. */
    public static String formatBytes(double bytes) {
        BigDecimal v = BigDecimal.valueOf(bytes);
        String[] units = {"GB", "MB", "KB"};
        int[] powers = {9, 6, 3};
        for (int i = 0; i < units.length; i++) {
            BigDecimal scaled = v.movePointLeft(powers[i]);
            if (scaled.compareTo(BigDecimal.ONE) >= 0 && scaled.stripTrailingZeros().scale() <= 3) {
                return plain(scaled) + units[i];
            }
        }
        return plain(v) + "B";
    }

    static BigDecimal decimal(String number, String text, String example) {
        try {
            return new BigDecimal(number.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected " + example + ", got '" + text + "'");
        }
    }

    static String plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }
}
