package io.udpgraph.runtime;

/**
 * What a polling loop does when a round found no work: call {@link #idle(int)} with the work count of
 * every round; it resets on work and backs off on none. One instance per loop thread.
 */
public interface IdleStrategy {
    /** Called after each round with how much work it did; may spin, yield or park. */
    void idle(int workCount);

    /** Forgets any back-off, as if work had just been done. */
    void reset();
}
