package io.udpgraph.worker;

/**
 * Where a {@link VertexFunction} puts its results: call {@link #emit(String)} once per result, or
 * {@link #emit(String, String)} to give a routing key that {@code --route hash} uses instead of the
 * whole result. Valid only during the {@code apply} call it was passed to.
 */
public interface Emitter {

    /** Emits one result; it is published as is, empty text and {@code "0"} included. */
    void emit(String result);

    /**
     * Emits one result with a routing key: under {@code --route hash} results with equal keys go to the
     * same output; the key itself is not published. A null key means "route by the result".
     */
    void emit(String key, String result);
}
