package io.udpgraph.worker;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The functions every worker knows by name ({@code --function NAME [ARGS…]}); {@link #all()} lists
 * them for {@code --help}. Each call of {@link #create(String)} returns a fresh instance, so the one
 * stateful function ({@code count}) never shares its state between workers.
 */
public final class BuiltinFunctions {
    private static final List<Supplier<VertexFunction>> FACTORIES = List.of(
            Passthrough::new, Pong::new, Doubling::new, Upper::new, Lower::new, Reverse::new,
            SplitWords::new, Grep::new, Count::new, Sleep::new);

    private BuiltinFunctions() {
    }

    /** A fresh instance of every built-in function, in the order {@code --help} lists them. */
    public static List<VertexFunction> all() {
        return FACTORIES.stream().map(Supplier::get).toList();
    }

    /** A fresh, unconfigured instance of the built-in called {@code name}, if there is one. */
    public static Optional<VertexFunction> create(String name) {
        for (Supplier<VertexFunction> f : FACTORIES) {
            VertexFunction fn = f.get();
            if (fn.name().equals(name)) {
                return Optional.of(fn);
            }
        }
        return Optional.empty();
    }

    /** The names of every built-in, for messages that list the choices. */
    public static List<String> names() {
        return all().stream().map(VertexFunction::name).toList();
    }

    static long parseMillis(String function, List<String> args, long whenAbsent) {
        if (args.isEmpty()) {
            return whenAbsent;
        }
        if (args.size() == 1) {
            try {
                long ms = Long.parseLong(args.get(0));
                if (ms >= 0) {
                    return ms;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("function '" + function + "' takes one argument MS, a whole number of "
                + "milliseconds >= 0, e.g. --function " + function + " 10; got " + args);
    }

    static void pause(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            // the worker is being stopped; keep the flag so it sees it, and finish this input
            Thread.currentThread().interrupt();
        }
    }

    /** {@code passthrough}: publishes every input unchanged. */
    static final class Passthrough implements VertexFunction {
        @Override
        public void apply(String input, Emitter out) {
            out.emit(input);
        }

        @Override
        public String description() {
            return "passthrough: publishes every input unchanged";
        }
    }

    /** {@code pong [MS]}: the stream-py game; answers ping with pong and pong with ping. */
    static final class Pong implements VertexFunction {
        private long delayMs;

        @Override
        public void apply(String input, Emitter out) {
            String reply = switch (input) {
                case "ping" -> "pong";
                case "pong" -> "ping";
                default -> throw new IllegalArgumentException("pong plays with 'ping' and 'pong' only");
            };
            pause(delayMs);
            out.emit(reply);
        }

        @Override
        public String name() {
            return "pong";
        }

        @Override
        public String description() {
            return "pong [MS]: ping becomes pong and pong becomes ping (after MS ms, to watch the ball)";
        }

        @Override
        public VertexFunction configure(List<String> args) {
            delayMs = parseMillis(name(), args, 0);
            return this;
        }
    }

    /** {@code double}: an integer times two, of any size. */
    static final class Doubling implements VertexFunction {
        @Override
        public void apply(String input, Emitter out) {
            String s = input.strip();
            long v;
            try {
                v = Long.parseLong(s);
            } catch (NumberFormatException e) {
                out.emit(bigDouble(s));
                return;
            }
            if (v > Long.MAX_VALUE / 2 || v < Long.MIN_VALUE / 2) {
                out.emit(BigInteger.valueOf(v).shiftLeft(1).toString());
            } else {
                out.emit(Long.toString(v * 2));
            }
        }

        private static String bigDouble(String s) {
            try {
                return new BigInteger(s).shiftLeft(1).toString();
            } catch (NumberFormatException e) {
                throw new NumberFormatException("double needs a whole number, e.g. 21");
            }
        }

        @Override
        public String name() {
            return "double";
        }

        @Override
        public String description() {
            return "double: a whole number times two (anything else is a function error)";
        }
    }

    /** {@code upper}: the input in upper case. */
    static final class Upper implements VertexFunction {
        @Override
        public void apply(String input, Emitter out) {
            out.emit(input.toUpperCase(Locale.ROOT));
        }

        @Override
        public String description() {
            return "upper: the input in upper case";
        }
    }

    /** {@code lower}: the input in lower case. */
    static final class Lower implements VertexFunction {
        @Override
        public void apply(String input, Emitter out) {
            out.emit(input.toLowerCase(Locale.ROOT));
        }

        @Override
        public String description() {
            return "lower: the input in lower case";
        }
    }

    /** {@code reverse}: the input's characters in reverse order (surrogate pairs kept whole). */
    static final class Reverse implements VertexFunction {
        @Override
        public void apply(String input, Emitter out) {
            out.emit(new StringBuilder(input).reverse().toString());
        }

        @Override
        public String description() {
            return "reverse: the input's characters in reverse order";
        }
    }

    /** {@code split-words}: one result per whitespace-separated word; none for a blank input. */
    static final class SplitWords implements VertexFunction {
        @Override
        public void apply(String input, Emitter out) {
            int n = input.length();
            int i = 0;
            while (i < n) {
                while (i < n && Character.isWhitespace(input.charAt(i))) {
                    i++;
                }
                int start = i;
                while (i < n && !Character.isWhitespace(input.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    out.emit(input.substring(start, i));
                }
            }
        }

        @Override
        public String description() {
            return "split-words: one result per whitespace-separated word (none for a blank input)";
        }
    }

    /** {@code grep REGEX}: keeps the inputs in which the regex finds a match. */
    static final class Grep implements VertexFunction {
        private Pattern pattern;

        @Override
        public void apply(String input, Emitter out) {
            if (pattern.matcher(input).find()) {
                out.emit(input);
            }
        }

        @Override
        public String description() {
            return "grep REGEX: keeps the inputs in which REGEX (Java syntax) finds a match";
        }

        @Override
        public VertexFunction configure(List<String> args) {
            if (args.size() != 1) {
                throw new IllegalArgumentException("function 'grep' takes one argument REGEX, e.g. --function grep '^ERROR'; got "
                        + args);
            }
            try {
                pattern = Pattern.compile(args.get(0));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("grep: '" + args.get(0) + "' is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
            return this;
        }
    }

    /**
     * {@code count}: the only built-in with state. For each input it publishes {@code "<input> <n>"}, n
     * being how many times this worker has seen that exact input (routing key: the input). The counts
     * live in this worker's memory, one entry per distinct input: they are not shared between workers,
     * start again from zero when the worker restarts, and count a redelivered input again.
     */
    static final class Count implements VertexFunction {
        private final Map<String, long[]> counts = new HashMap<>();

        @Override
        public void apply(String input, Emitter out) {
            long[] c = counts.computeIfAbsent(input, k -> new long[1]);
            c[0]++;
            out.emit(input, input + " " + c[0]);
        }

        @Override
        public String description() {
            return "count: '<input> <n>', a running count per distinct input (state kept in this worker's memory)";
        }
    }

    /** {@code sleep MS}: waits MS milliseconds, then publishes the input unchanged (a slow vertex). */
    static final class Sleep implements VertexFunction {
        private long ms = -1;

        @Override
        public void apply(String input, Emitter out) {
            pause(ms);
            out.emit(input);
        }

        @Override
        public String description() {
            return "sleep MS: waits MS ms, then publishes the input unchanged (a slow vertex)";
        }

        @Override
        public VertexFunction configure(List<String> args) {
            if (args.isEmpty()) {
                throw new IllegalArgumentException("function 'sleep' takes one argument MS, e.g. --function sleep 10");
            }
            ms = parseMillis(name(), args, 0);
            return this;
        }
    }
}
