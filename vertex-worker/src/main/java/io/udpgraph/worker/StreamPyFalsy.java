package io.udpgraph.worker;

import java.util.Locale;

/**
 * What {@code --python-function} does with a falsy result ({@code 0}, {@code ''}, {@code False}):
 * {@code publish} it, as every udpgraph function does, or {@code drop} it, as stream-py's
 * {@code worker.py} did, for results that match the original's bit for bit. {@code None} is always
 * dropped: it means "nothing to publish".
 */
public enum StreamPyFalsy {
    /** Falsy results are published like any other (the default). */
    PUBLISH,
    /** Falsy results are dropped, as stream-py's {@code worker.py} did. */
    DROP;

    /** The word used on the command line and in topology files. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code publish|drop}; the error lists the choices. */
    public static StreamPyFalsy parse(String word) {
        for (StreamPyFalsy f : values()) {
            if (f.word().equalsIgnoreCase(word.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown --stream-py-falsy '" + word + "': expected publish or drop");
    }
}
