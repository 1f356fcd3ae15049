package io.udpgraph.topology;

import io.udpgraph.runtime.DurationConverter;
import io.udpgraph.runtime.LegacyMillisConverter;
import io.udpgraph.runtime.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads typed settings out of a {@link Located} mapping and records a {@link TopologyProblem} at the value's
 * place instead of throwing, so one pass over a file finds every mistake; a missing setting takes the default
 * it is given (the {@code *Config} constants of the node it configures).
 */
final class FieldReader {

    private final List<TopologyProblem> problems = new ArrayList<>();

    /** A name written in a list or as a value, and where. */
    record Named(String name, Located.Position at) {
    }

    /** Records a mistake at {@code at}. */
    void problem(Located.Position at, String message) {
        problems.add(new TopologyProblem(at.line(), at.column(), message));
    }

    /** Every mistake recorded so far, in the order found. */
    List<TopologyProblem> problems() {
        return problems;
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Reports each key of {@code m} not in {@code allowed}, with the nearest allowed one. */
    void checkKeys(Located.Mapping m, Set<String> allowed, String where) {
        List<String> sorted = allowed.stream().sorted().toList();
        for (Located.Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                problem(e.keyAt(), "unknown key '" + e.key() + "' in " + where
                        + Suggestions.didYouMean(e.key(), sorted) + ": the keys are " + String.join(", ", sorted));
            }
        }
    }

    /** The entries of a top-level section that maps names to settings; none when it is absent or empty. */
    List<Located.Entry> section(Located.Mapping top, String key) {
        Optional<Located.Entry> e = entry(top, key);
        if (e.isEmpty() || isNull(e.get().value())) {
            return List.of();
        }
        if (e.get().value() instanceof Located.Mapping m) {
            return new ArrayList<>(m.entries().values());
        }
        problem(e.get().value().at(), key + ": must be a mapping from names to settings, got " + e.get().value().kind());
        return List.of();
    }

    static Optional<Located.Entry> entry(Located.Mapping m, String key) {
        return Optional.ofNullable(m.entries().get(key));
    }

    /** The text of a scalar, or null for anything else (and for YAML's null). */
    static String text(Located l) {
        return l instanceof Located.Scalar s ? s.text() : null;
    }

    static boolean isNull(Located l) {
        return l instanceof Located.Scalar s && s.text() == null;
    }

    /** A single non-blank value, stripped. */
    Optional<String> scalar(Located.Mapping m, String key) {
        Optional<Located.Entry> e = entry(m, key);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        String t = text(e.get().value());
        if (t == null || t.isBlank()) {
            problem(e.get().value().at(), key + ": needs a single value, got " + e.get().value().kind());
            return Optional.empty();
        }
        return Optional.of(t.strip());
    }

    /** The items of a list (or a single value as a one-item list); items that are not values are reported. */
    List<Located> listOf(Located.Mapping m, String key) {
        Optional<Located.Entry> e = entry(m, key);
        if (e.isEmpty() || isNull(e.get().value())) {
            return List.of();
        }
        List<Located> items = e.get().value().asList();
        for (Located item : items) {
            if (!(item instanceof Located.Scalar)) {
                problem(item.at(), key + ": takes names or values, got " + item.kind());
            }
        }
        return items;
    }

    /** The names of a list, stripped, each with its place. */
    List<Named> names(Located.Mapping m, String key) {
        List<Named> out = new ArrayList<>();
        for (Located item : listOf(m, key)) {
            String t = text(item);
            if (t != null) {
                out.add(new Named(t.strip(), item.at()));
            }
        }
        return out;
    }

    /** A whole number in {@code min..max}; {@code _} may group digits. */
    long number(Located.Mapping m, String key, long dflt, long min, long max) {
        Optional<Located.Entry> e = entry(m, key);
        if (e.isEmpty()) {
            return dflt;
        }
        String t = text(e.get().value());
        try {
            long v = Long.parseLong(t == null ? "" : t.strip().replace("_", ""));
            if (v < min || v > max) {
                problem(e.get().value().at(), key + ": must be " + min + "-" + max + ", got " + v);
                return dflt;
            }
            return v;
        } catch (NumberFormatException ex) {
            problem(e.get().value().at(), key + ": expected a whole number, got '" + t + "'");
            return dflt;
        }
    }

    /** A word that {@code check} accepts (and may normalise), or throws IllegalArgumentException about. */
    String word(Located.Mapping m, String key, String dflt, UnaryOperator<String> check) {
        Optional<Located.Entry> e = entry(m, key);
        if (e.isEmpty()) {
            return dflt;
        }
        String t = text(e.get().value());
        try {
            return check.apply(t == null ? "" : t.strip());
        } catch (IllegalArgumentException ex) {
            problem(e.get().value().at(), key + ": " + ex.getMessage());
            return dflt;
        }
    }

    /** A duration as the commands read it ({@code 500ms}, {@code 1.5s}, {@code 5m}, {@code PT1H}), in range. */
    Duration duration(Located.Mapping m, String key, Duration dflt, Duration min, Duration max) {
        return duration(m, key, null, dflt, min, max);
    }

    /**
     * A duration under {@code key}, or under its older name {@code millisAlias} (e.g. {@code lease_ms}), where a
     * bare number counts milliseconds as it always did; writing both is a mistake.
     */
    Duration duration(Located.Mapping m, String key, String millisAlias, Duration dflt, Duration min, Duration max) {
        Optional<Located.Entry> e = entry(m, key);
        Optional<Located.Entry> alias = millisAlias == null ? Optional.empty() : entry(m, millisAlias);
        if (e.isPresent() && alias.isPresent()) {
            problem(alias.get().keyAt(), millisAlias + ": is the older name of " + key + ":; keep only " + key + ":");
            return dflt;
        }
        boolean millis = e.isEmpty();
        Optional<Located.Entry> used = millis ? alias : e;
        if (used.isEmpty()) {
            return dflt;
        }
        String name = used.get().key();
        Located.Position at = used.get().value().at();
        String t = String.valueOf(text(used.get().value())).strip();
        Duration d;
        try {
            d = millis ? LegacyMillisConverter.parse(t) : DurationConverter.parse(t);
        } catch (RuntimeException ex) {
            problem(at, name + ": " + ex.getMessage());
            return dflt;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problem(at, name + ": must be " + written(min) + " to " + written(max) + ", got '" + t + "'");
            return dflt;
        }
        return d;
    }

    /** A duration as a user would write it: {@code 0ms}, {@code 500ms}, {@code 60s}, {@code 1h}. */
    static String written(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 1000 == 0 && ms > 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
