package io.udpgraph.router;

import io.udpgraph.router.FaultSpec.GarbleMode;
import io.udpgraph.router.FaultSpec.GarbleTarget;
import io.udpgraph.runtime.DurationConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the fault grammar {@code VALUE[,DIRECTION][,VERB…]} that {@link FaultSpec} documents, kind by kind;
 * {@link FaultSpec#value()} writes it back. Stateless.
 */
final class FaultSpecParser {
    private FaultSpecParser() {
    }

    /** The fault of kind {@code kind} ({@code drop} or {@code --drop}) that {@code value} describes. */
    static FaultSpec parse(String kind, String value) {
        String k = kind == null ? "" : kind.strip().toLowerCase(Locale.ROOT);
        if (k.startsWith("--")) {
            k = k.substring(2);
        }
        FaultKind type = FaultKind.fromWord(k);
        if (type == null) {
            throw new IllegalArgumentException("unknown fault kind '" + kind + "': expected one of "
                    + String.join(", ", FaultSpec.KINDS));
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + k + " needs a value, e.g. " + type.example());
        }
        try {
            return parseKind(type, value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + k + " " + value + ": " + e.getMessage() + " (e.g. "
                    + type.example() + ")", e);
        }
    }

    private static FaultSpec parseKind(FaultKind kind, String value) {
        String[] tokens = value.split(",", -1);
        int params = 1;
        if (kind == FaultKind.GILBERT_ELLIOTT) {
            params = 0;
            while (params < tokens.length && params < 4 && tokens[params].strip().endsWith("%")) {
                params++;
            }
            if (params < 2) {
                throw new IllegalArgumentException("expected p,r[,1-h[,1-k]] as percentages");
            }
        }
        Scope scope = parseQualifiers(tokens, params);
        String main = tokens[0].strip();
        String[] parts = main.split(":", -1);
        return switch (kind) {
            case DROP -> {
                if (parts.length > 2) {
                    throw new IllegalArgumentException("expected P[:C], e.g. 10%:25%");
                }
                double correlation = parts.length > 1 ? Units.parsePercent(parts[1]) : 0;
                yield new FaultSpec.Drop(Units.parsePercent(parts[0]), correlation, scope);
            }
            case RANDOM -> new FaultSpec.RandomFault(Units.parsePercent(main), scope);
            case DUPLICATE -> {
                int copies = countAfter(parts, "copies", 2, "P[:N]");
                yield new FaultSpec.Duplicate(Units.parsePercent(parts[0]), copies, scope);
            }
            case REORDER -> {
                int behind = countAfter(parts, "datagrams to hold behind", 1, "P[:K]");
                yield new FaultSpec.Reorder(Units.parsePercent(parts[0]), behind, scope);
            }
            case DELAY -> delay(main, scope);
            case GARBLE -> garble(parts, scope);
            case GILBERT_ELLIOTT -> new FaultSpec.GilbertElliott(Units.parsePercent(tokens[0]),
                    Units.parsePercent(tokens[1]), params > 2 ? Units.parsePercent(tokens[2]) : 1.0,
                    params > 3 ? Units.parsePercent(tokens[3]) : 0.0, scope);
            case RATE -> rate(parts, scope);
        };
    }

    /** {@code D[±J][@P][:DIST][:C]}, with {@code +-} for {@code ±}; DIST and C in either order. */
    private static FaultSpec.Delay delay(String main, Scope scope) {
        String[] parts = main.split(":", -1);
        String rest = parts[0];
        DelayDistribution distribution = DelayDistribution.UNIFORM;
        double correlation = 0;
        for (int i = 1; i < parts.length; i++) {
            DelayDistribution d = DelayDistribution.fromWord(parts[i]);
            if (d != null) {
                distribution = d;
            } else if (parts[i].strip().endsWith("%")) {
                correlation = Units.parsePercent(parts[i]);
            } else {
                throw new IllegalArgumentException("'" + parts[i] + "' is neither a distribution (uniform, normal, "
                        + "pareto, paretonormal) nor a correlation (25%)");
            }
        }
        double probability = 1.0;
        int at = rest.indexOf('@');
        if (at >= 0) {
            probability = Units.parsePercent(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        Duration jitter = Duration.ZERO;
        int pm = rest.indexOf('±');
        int pmLength = 1;
        if (pm < 0) {
            pm = rest.indexOf("+-");
            pmLength = 2;
        }
        if (pm >= 0) {
            jitter = DurationConverter.parse(rest.substring(pm + pmLength));
            rest = rest.substring(0, pm);
        }
        return new FaultSpec.Delay(DurationConverter.parse(rest), jitter, probability, distribution, correlation,
                scope);
    }

    /** {@code P[:WHERE][:HOW]}, in either order. */
    private static FaultSpec.Garble garble(String[] parts, Scope scope) {
        GarbleTarget target = GarbleTarget.ANY;
        GarbleMode mode = GarbleMode.BIT;
        for (int i = 1; i < parts.length; i++) {
            String word = parts[i].strip().toUpperCase(Locale.ROOT);
            if (word.equals("BITS")) {
                word = "BIT";
            } else if (word.equals("BYTES")) {
                word = "BYTE";
            }
            if (isConstant(GarbleTarget.class, word)) {
                target = GarbleTarget.valueOf(word);
            } else if (isConstant(GarbleMode.class, word)) {
                mode = GarbleMode.valueOf(word);
            } else {
                throw new IllegalArgumentException("'" + parts[i] + "' is neither a place (header, text, any) "
                        + "nor a way (bit, byte)");
            }
        }
        return new FaultSpec.Garble(Units.parsePercent(parts[0]), target, mode, scope);
    }

    /** {@code N/s[:Q]}: datagrams per second, or bytes per second with a unit. */
    private static FaultSpec.Rate rate(String[] parts, Scope scope) {
        if (parts.length > 2) {
            throw new IllegalArgumentException("expected N/s[:Q]");
        }
        int queue = countAfter(parts, "queue length", FaultSpec.DEFAULT_RATE_QUEUE_DATAGRAMS, "N/s[:Q]");
        String r = parts[0].strip();
        if (!r.endsWith("/s")) {
            throw new IllegalArgumentException("a rate is per second: write 1000/s or 64KB/s");
        }
        r = r.substring(0, r.length() - 2);
        boolean bytes = !r.isEmpty() && Character.isLetter(r.charAt(r.length() - 1));
        double perSecond = bytes ? Units.parseBytes(r)
                : Units.decimal(r, r, "a number of datagrams such as 1000").doubleValue();
        return new FaultSpec.Rate(perSecond, bytes, queue, scope);
    }

    /** The whole number after the first {@code :} of {@code VALUE[:N]}, or {@code otherwise} without one. */
    private static int countAfter(String[] parts, String what, int otherwise, String form) {
        int n = parts.length > 1 ? integer(parts[1], what) : otherwise;
        if (parts.length > 2) {
            throw new IllegalArgumentException("expected " + form);
        }
        return n;
    }

    private static Scope parseQualifiers(String[] tokens, int from) {
        Direction direction = null;
        List<String> verbs = new ArrayList<>();
        for (int i = from; i < tokens.length; i++) {
            String t = tokens[i].strip();
            Direction d = Direction.fromWord(t);
            if (d != null) {
                if (direction != null && direction != d) {
                    throw new IllegalArgumentException("two directions, " + direction.word() + " and " + d.word()
                            + ": give one of up, down or both");
                }
                direction = d;
            } else if (VerbSniffer.code(t) >= 0) {
                verbs.add(t);
            } else {
                throw new IllegalArgumentException("'" + t + "' is neither a direction (up, down, both) nor a verb ("
                        + Scope.verbList() + ")");
            }
        }
        return new Scope(direction == null ? Direction.BOTH : direction, verbs);
    }

    private static int integer(String text, String what) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number of " + what + ", got '" + text + "'");
        }
    }

    private static <E extends Enum<E>> boolean isConstant(Class<E> type, String word) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(word)) {
                return true;
            }
        }
        return false;
    }
}
