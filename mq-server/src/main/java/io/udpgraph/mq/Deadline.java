package io.udpgraph.mq;

import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/** Something the housekeeping thread does at a moment: end a lease, answer a long poll that waited long enough. */
abstract class Deadline implements Delayed {
    final long atNanos;

    Deadline(long atNanos) {
        this.atNanos = atNanos;
    }

    /** Runs on the housekeeping thread once the moment has come; must not block for long. */
    abstract void fire();

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
        if (o instanceof Deadline d) {
            return Long.compare(atNanos - d.atNanos, 0);
        }
        return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }
}
