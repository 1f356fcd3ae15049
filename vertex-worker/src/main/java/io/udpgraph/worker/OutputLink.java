package io.udpgraph.worker;

import io.udpgraph.worker.Publisher.Pending;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;

/**
 * One output of a {@link Publisher}: the results queued for it, how they are sent, and the counts of what
 * became of them. Used from the worker's thread only.
 */
abstract class OutputLink implements AutoCloseable {
    final Output output;
    final boolean countsAsResult;
    private final WorkerMetrics metrics;
    private final ErrorLog errorLog;
    List<Pending> pending = new ArrayList<>();
    /** Results this link got acknowledged, over its life. */
    long deliveredTotal;

    OutputLink(Output output, boolean countsAsResult, WorkerMetrics metrics, ErrorLog errorLog) {
        this.output = output;
        this.countsAsResult = countsAsResult;
        this.metrics = metrics;
        this.errorLog = errorLog;
    }

    /** Sends what is pending; false only when {@code giveUp} said stop while results were unacknowledged. */
    abstract boolean flush(BooleanSupplier giveUp);

    /** Takes what is pending, leaving an empty list for what comes next. */
    final List<Pending> takePending() {
        List<Pending> todo = pending;
        pending = new ArrayList<>();
        return todo;
    }

    final void delivered(int n) {
        deliveredTotal += n;
        if (countsAsResult && n > 0) {
            metrics.resultsOut(n);
        }
    }

    final void lost(int n, String kind, String why) {
        if (n > 0) {
            metrics.resultsLost(n);
            errorLog.once(kind + " " + output, Level.WARNING, n + (n == 1 ? " result" : " results") + " for "
                    + output + " lost: " + why);
        }
    }

    @Override
    public abstract void close();

    /** Closes a link's socket: a datagram socket has nothing left to flush, so a failure to close changes nothing. */
    static void closeQuietly(AutoCloseable socket) {
        try {
            socket.close();
        } catch (Exception e) {
            // nothing was waiting to go out
        }
    }
}
