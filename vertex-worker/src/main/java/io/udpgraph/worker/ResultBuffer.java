package io.udpgraph.worker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An {@link Emitter} that keeps what a function emits, in order: use it to test your own function
 * ({@code fn.apply("x", buf); buf.results()}). Not thread-safe; {@link #clear()} makes it reusable.
 */
public final class ResultBuffer implements Emitter {
    private final ArrayList<String> results = new ArrayList<>(4);
    private final ArrayList<String> keys = new ArrayList<>(4);

    @Override
    public void emit(String result) {
        emit(null, result);
    }

    @Override
    public void emit(String key, String result) {
        if (result == null) {
            throw new NullPointerException("a result must not be null (emit \"\" for an empty result)");
        }
        results.add(result);
        keys.add(key);
    }

    /** How many results were emitted since the last {@link #clear()}. */
    public int size() {
        return results.size();
    }

    /** The i-th result. */
    public String result(int i) {
        return results.get(i);
    }

    /** The i-th result's routing key, or null when it was emitted without one. */
    public String key(int i) {
        return keys.get(i);
    }

    /** Every result, in emission order (a read-only view). */
    public List<String> results() {
        return Collections.unmodifiableList(results);
    }

    /** Forgets every result. */
    public void clear() {
        results.clear();
        keys.clear();
    }
}
