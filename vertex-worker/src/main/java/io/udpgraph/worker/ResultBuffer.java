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
    /** A String key, a Long integer key (routed by its value), or null. */
    private final ArrayList<Object> keys = new ArrayList<>(4);

    @Override
    public void emit(String result) {
        emit(null, result);
    }

    @Override
    public void emit(String key, String result) {
        add(key, result);
    }

    /**
     * Emits one result with an integer key: under {@code --route hash} it goes to output
     * {@code floorMod(key, n)}, as stream-py's {@code outputs[hash(key) % len(outputs)]} chose.
     */
    void emit(long key, String result) {
        add(key, result);
    }

    private void add(Object key, String result) {
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

    /** The i-th result's routing key (an integer key in decimal), or null when it was emitted without one. */
    public String key(int i) {
        Object k = keys.get(i);
        return k == null ? null : k.toString();
    }

    /** The i-th result's key as the router takes it: a String, a Long for an integer key, or null. */
    Object routingKey(int i) {
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
