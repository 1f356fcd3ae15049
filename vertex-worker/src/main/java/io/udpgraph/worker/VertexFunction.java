package io.udpgraph.worker;

import java.util.List;
import java.util.Locale;

/**
 * A vertex's function: implement {@link #apply} and emit zero (a filter), one or many results for each
 * input. Ship it in a jar with a {@code META-INF/services/io.udpgraph.worker.VertexFunction} file naming
 * your class and run {@code vertex-worker --function-jar your.jar --function NAME}; the worker finds it
 * through {@link java.util.ServiceLoader}.
 *
 * <p>Contract: each worker creates its own instance and calls {@code apply} from one thread only, one
 * input at a time, so an implementation needs no locking. An exception thrown by {@code apply} is
 * counted and logged, the results emitted during that call are discarded, and the worker goes on with
 * the next input. Under {@code --guarantee effectively-once} an input may be applied more than once (a
 * redelivery), so a function should be deterministic for its results to be exactly-once downstream.
 * A ServiceLoader-found class needs a public no-argument constructor.
 */
@FunctionalInterface
public interface VertexFunction {

    /**
     * Applies the function to one input and emits its results, in order, through {@code out}. Any
     * result may be empty or {@code "0"}: every emitted result is published.
     */
    void apply(String input, Emitter out) throws Exception;

    /**
     * The name {@code --function NAME} selects; by default the class's simple name in kebab case
     * ({@code WordCount} becomes {@code word-count}).
     */
    default String name() {
        String simple = getClass().getSimpleName();
        StringBuilder sb = new StringBuilder(simple.length() + 4);
        for (int i = 0; i < simple.length(); i++) {
            char c = simple.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                sb.append('-');
            }
            sb.append(Character.toLowerCase(c));
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** One line for {@code --help} and logs, e.g. {@code "grep REGEX: keeps the inputs that match"}. */
    default String description() {
        return name();
    }

    /**
     * Takes the arguments that follow {@code --function NAME} and returns the function to use (this one,
     * configured, or a new one). The default accepts no arguments; throw {@link IllegalArgumentException}
     * with a message that says what is expected, and the command reports it as a usage error.
     */
    default VertexFunction configure(List<String> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("function '" + name() + "' takes no arguments, got " + args);
        }
        return this;
    }
}
